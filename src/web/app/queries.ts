/**
 * The app shell's own request. The shell's other calls belong to features and come from their
 * `queries.ts` (notifications: the unread badge; auth: logging out); shared keys: lib/queries.ts.
 */
export const appApi = {
  /**
   * Whether the server answers its health check again (while the offline notice shows). A plain
   * fetch on purpose: only a healthy answer counts, and the check itself reports nothing.
   */
  serverAnswers: () =>
    fetch('/api/health', { cache: 'no-store' }).then(
      (response) => response.ok,
      () => false,
    ),
};
