/**
 * Who reviews a board (changes ideas' status): a space's board its space admins and the
 * organisation's administrators; the company board administrators and people given the reviewer
 * right (`PATCH /api/v1/admin/users/:id {ideasReviewer: true}`).
 * `spaceAdmin` is null for the company board.
 */
export function mayReview(
  rights: { admin: boolean; reviewer: boolean },
  spaceAdmin: boolean | null,
): boolean {
  if (rights.admin) return true;
  return spaceAdmin === null ? rights.reviewer : spaceAdmin;
}
