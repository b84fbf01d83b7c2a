/** Kept free of zod: the web app's first screen needs this list, and zod must stay out of that bundle. */
export const reactionTypes = ['like', 'love', 'haha', 'wow', 'celebrate', 'thanks'] as const;
