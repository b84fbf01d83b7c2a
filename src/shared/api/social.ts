import { z } from 'zod';
import { channels } from '../social/count.js';
import { idSchema, text } from './common.js';
import { userSummary } from './users.js';

export const storyStates = ['new', 'planned', 'in_progress', 'published', 'not_now'] as const;
export const storyState = z.enum(storyStates);
export type StoryState = z.infer<typeof storyState>;
export const channelSchema = z.enum(channels);

const isoTime = text().pipe(z.iso.datetime({ offset: true }));
const rightsText = text().trim().min(1).max(300);
const optionalText = (max: number) => text().trim().max(max).optional();

export const storyPicture = z.object({
  fileId: z.string(),
  url: z.string(),
  creator: z.string(),
  source: z.string(),
  licence: z.string(),
  alt: z.string().nullable(),
});

export const consentStates = ['requested', 'confirmed', 'declined', 'on_file'] as const;
export const storyConsent = z.object({
  id: z.number(),
  fileId: z.string().nullable(),
  person: userSummary.nullable(),
  externalName: z.string().nullable(),
  state: z.enum(consentStates),
  /** The signed form of an external person (only the desk and the suggester can fetch it). */
  formUrl: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});

export const shareNetworks = ['linkedin', 'xing', 'x', 'facebook', 'mastodon', 'bluesky', 'copy'] as const;
/** A published story's share block: plain links through Kantine's redirect, clicks counted in aggregate. */
export const storyShare = z.object({
  text: z.string(),
  links: z.array(z.object({ network: z.enum(shareNetworks), url: z.string() })),
  clicks: z.number(),
});

export const story = z.object({
  id: z.number(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  state: storyState,
  note: z.string().nullable(),
  campaign: z.string().nullable(),
  plannedFor: z.string().nullable(),
  author: userSummary,
  pictures: z.array(storyPicture),
  consents: z.array(storyConsent),
  createdAt: z.string(),
  updatedAt: z.string(),
  permissions: z.object({ triage: z.boolean(), requestConsent: z.boolean() }),
  share: storyShare.nullable(),
});
export type Story = z.infer<typeof story>;
export const storyPage = z.object({ items: z.array(story), nextCursor: z.string().nullable() });

export const createStoryBody = z.strictObject({
  title: text().trim().min(1).max(200),
  body: text().trim().max(10_000).default(''),
  link: optionalText(2000),
  campaign: optionalText(100),
  pictures: z
    .array(
      z.strictObject({
        fileId: text().regex(/^[A-Za-z0-9_-]{10,64}$/),
        creator: rightsText,
        source: rightsText,
        licence: rightsText,
        /** A description for people who cannot see the picture (prefills the channel posts' alt texts). */
        alt: text().trim().max(1500).optional(),
      }),
    )
    .max(10)
    .default([]),
});
export type CreateStoryBody = z.infer<typeof createStoryBody>;

export const updateStoryBody = z.strictObject({
  state: storyState.optional(),
  note: text().trim().max(2000).optional(),
  plannedFor: isoTime.nullable().optional(),
  campaign: text().trim().max(100).nullable().optional(),
});
export type UpdateStoryBody = z.infer<typeof updateStoryBody>;

export const storiesQuery = z.strictObject({
  state: storyState.optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const consentBody = z.union([
  z.strictObject({ fileId: text().max(64).optional(), personId: idSchema }),
  z.strictObject({
    fileId: text().max(64).optional(),
    externalName: text().trim().min(1).max(200),
    formFileId: text().regex(/^[A-Za-z0-9_-]{10,64}$/),
  }),
]);
export type ConsentBody = z.infer<typeof consentBody>;
export const consentAnswerBody = z.strictObject({ answer: z.enum(['confirmed', 'declined']) });

export const problem = z.object({
  code: z.enum([
    'empty',
    'too_long',
    'too_many_bytes',
    'alt_missing',
    'too_many_pictures',
    'picture_required',
  ]),
  limit: z.number().optional(),
  count: z.number().optional(),
  picture: z.number().optional(),
});

export const socialAccount = z.object({
  id: z.number(),
  network: z.enum(['mastodon', 'bluesky']),
  name: z.string(),
  serviceUrl: z.string(),
  createdAt: z.string(),
});
export type SocialAccount = z.infer<typeof socialAccount>;
export const createAccountBody = z.discriminatedUnion('network', [
  z.strictObject({
    network: z.literal('mastodon'),
    instanceUrl: text()
      .trim()
      .max(300)
      .pipe(z.url({ protocol: /^https?$/ })),
    /** Without a token, Kantine registers an app on the instance and answers `{authorizeUrl}`. */
    accessToken: text().trim().min(1).max(500).optional(),
  }),
  z.strictObject({
    network: z.literal('bluesky'),
    identifier: text().trim().min(1).max(300),
    appPassword: text().trim().min(1).max(300),
    serviceUrl: text()
      .trim()
      .max(300)
      .pipe(z.url({ protocol: /^https?$/ }))
      .default('https://bsky.social'),
  }),
]);
export type CreateAccountBody = z.infer<typeof createAccountBody>;
/** Where the browser goes to let Kantine post on a Mastodon instance. */
export const authorizeAnswer = z.object({ authorizeUrl: z.string() });
export const mastodonCallbackQuery = z.object({
  state: text().min(1).max(200),
  code: text().max(2000).optional(),
  error: text().max(200).optional(),
  error_description: text().max(2000).optional(),
});

export const postStates = ['draft', 'scheduled', 'publishing', 'published', 'failed'] as const;
export const socialPost = z.object({
  id: z.number(),
  storyId: z.number().nullable(),
  articleId: z.number().nullable(),
  channel: channelSchema,
  account: socialAccount.nullable(),
  text: z.string(),
  campaign: z.string().nullable(),
  media: z.array(z.object({ fileId: z.string(), alt: z.string(), url: z.string() })),
  state: z.enum(postStates),
  scheduledAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  externalUrl: z.string().nullable(),
  error: z.string().nullable(),
  /** For channels without an open API: the network's own share page with the text prepared. */
  shareUrl: z.string().nullable(),
  length: z.number(),
  problems: z.array(problem),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SocialPost = z.infer<typeof socialPost>;
export const socialPostList = z.object({ items: z.array(socialPost) });

const mediaInput = z
  .array(z.strictObject({ fileId: text().regex(/^[A-Za-z0-9_-]{10,64}$/), alt: text().trim().max(1500) }))
  .max(10);
export const createPostBody = z.strictObject({
  storyId: idSchema.optional(),
  articleId: idSchema.optional(),
  channel: channelSchema,
  accountId: idSchema.optional(),
  text: text().max(70_000),
  media: mediaInput.default([]),
  campaign: optionalText(100),
  scheduledAt: isoTime.optional(),
});
export type CreatePostBody = z.infer<typeof createPostBody>;
export const updatePostBody = z.strictObject({
  accountId: idSchema.nullable().optional(),
  text: text().max(70_000).optional(),
  media: mediaInput.optional(),
  campaign: text().trim().max(100).nullable().optional(),
  scheduledAt: isoTime.nullable().optional(),
});
export type UpdatePostBody = z.infer<typeof updatePostBody>;
export const postsQuery = z.strictObject({
  storyId: z.coerce.number().int().min(1).optional(),
  state: z.enum(postStates).optional(),
});
export const markPublishedBody = z.strictObject({
  url: text()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/ })),
});

export const calendarQuery = z.strictObject({ from: isoTime, to: isoTime });
export const calendarItem = z.object({
  /** `context`: read-only dates another module adds (company events…), shown but never moved. */
  kind: z.enum(['post', 'article', 'story', 'context']),
  /** The calendar source the item comes from (`posts`, `articles`, `stories`, or another module's). */
  source: z.string(),
  id: z.number(),
  title: z.string(),
  at: z.string(),
  state: z.string(),
  channel: channelSchema.nullable(),
  campaign: z.string().nullable(),
  url: z.string(),
});
export type CalendarItem = z.infer<typeof calendarItem>;
export const calendar = z.object({ items: z.array(calendarItem) });

export const deskRightBody = z.strictObject({ socialMedia: z.boolean() });

/** The organisation's social-media guidelines: a must-read for everyone with the social-media right. */
export const guidelines = z.object({
  /** The version: every saved text is a new one and asks everyone again. */
  id: z.number(),
  title: z.string(),
  body: z.string(),
  author: userSummary.nullable(),
  createdAt: z.string(),
});
export type Guidelines = z.infer<typeof guidelines>;
export const guidelinesState = z.object({
  guidelines: guidelines.nullable(),
  /** When the viewer confirmed this version ("Gelesen und verstanden"), else null. */
  confirmedAt: z.string().nullable(),
});
export type GuidelinesState = z.infer<typeof guidelinesState>;
export const guidelinesBody = z.strictObject({
  title: text().trim().min(1).max(200),
  body: text().trim().min(1).max(50_000),
});
export const confirmGuidelinesBody = z.strictObject({ version: idSchema });
export const guidelinesReport = z.object({
  version: z.number().nullable(),
  deskCount: z.number(),
  confirmedCount: z.number(),
  notConfirmed: z.array(userSummary),
});
export type GuidelinesReport = z.infer<typeof guidelinesReport>;
