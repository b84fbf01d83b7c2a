import type { Member, Space, SpaceSummary } from '../../../shared/api/spaces.js';
import type { MembershipRow, SpaceRow, UserRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';
import { joinAction, type Membership, mayLeave, mayManageSpace, mayPostIn } from '../access/rules.js';
import { toUserSummary } from '../users/users.presenter.js';

export function toSpaceSummary(row: SpaceRow): SpaceSummary {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    avatarUrl: row.avatar_key ? `/api/v1/spaces/${row.id}/avatar?v=${row.avatar_key.split('/').pop()}` : null,
    visibility: row.visibility,
  };
}

export function toSpace(viewer: Viewer, row: SpaceRow, membership: Membership, memberCount: number): Space {
  return {
    ...toSpaceSummary(row),
    description: row.description,
    mandatory: row.mandatory === 1,
    archived: row.archived_at !== null,
    memberCount,
    membership: membership ? { status: membership.status, role: membership.role } : null,
    permissions: {
      post: mayPostIn(row, membership),
      manage: mayManageSpace(viewer, membership),
      leave: mayLeave(row, membership),
      join: joinAction(row, membership),
    },
  };
}

export function toMember(
  row: UserRow & {
    member_role: MembershipRow['role'];
    member_status: MembershipRow['status'];
    member_since: string;
  },
): Member {
  return {
    user: toUserSummary(row),
    role: row.member_role,
    status: row.member_status,
    since: row.member_since,
  };
}
