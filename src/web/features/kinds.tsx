import { Fragment, lazy, type ReactNode, Suspense } from 'react';
import type { PollPart } from '../../shared/api/polls';
import type { FeedItem } from '../../shared/api/stream';
import { ArticleTeaser } from './articles/ArticleTeaser';
import { IdeaTeaser } from './ideas/IdeaTeaser';
import { PollBody, PollView } from './polls/PollView';
import { RichText } from './stream/RichText';
import './stream/stream.css';

/**
 * How each content kind shows in a feed card: one line per kind. The card (stream/PostCard.tsx)
 * draws what all kinds share (author, space, attachments, reactions, comments) and asks this
 * registry for the kind's own body and how the kind is edited. An item of a kind the web app does
 * not know yet shows its common text.
 */
export interface KindView<Item extends FeedItem> {
  Body: (props: { item: Item }) => ReactNode;
  /** 'inline': the card's composer edits the text; a path: the kind has its own editor page. */
  edit: 'inline' | ((item: Item) => string);
}

type KindViews = { [Kind in FeedItem['kind']]: KindView<Extract<FeedItem, { kind: Kind }>> };

// A post of only pictures has no text to show.
const PostBody = ({ item }: { item: FeedItem }) =>
  item.html ? <RichText html={item.html} className="rich-text post-body" /> : null;

/**
 * Parts other kinds add to items (kinds/registry.ts `ExtensionPart` on the server: an article's
 * poll), shown under the item's own body wherever it appears. One line per part.
 */
const partViews: Record<string, (id: number, value: unknown) => ReactNode> = {
  poll: (id, poll) => <PollView item={{ id, poll: poll as PollPart }} />,
};

export function ItemParts({ item }: { item: FeedItem }) {
  const fields = item as unknown as Record<string, unknown>;
  return Object.entries(partViews).map(([field, render]) =>
    item.kind !== field && fields[field] ? (
      <Fragment key={field}>{render(item.id, fields[field])}</Fragment>
    ) : null,
  );
}

const ArticleBody = ({ item }: { item: Extract<FeedItem, { kind: 'article' }> }) => (
  <>
    <ArticleTeaser item={item} />
    <ItemParts item={item} />
  </>
);

export const kindViews: KindViews = {
  post: { Body: PostBody, edit: 'inline' },
  article: { Body: ArticleBody, edit: (item) => `/articles/${item.id}/edit` },
  poll: { Body: PollBody, edit: 'inline' },
  idea: { Body: IdeaTeaser, edit: () => '' },
};

/**
 * Fields kinds add to other kinds' bodies (kinds/registry.ts `ContentExtension` on the server): the
 * post composer and the article editor show the editor of each one that extends them, which hands
 * the form the value of the body's field (undefined: not added). `initial` is the value of the item
 * being edited (its part), `locked` shows it unchangeable. One line per field.
 */
export interface ComposerExtension {
  field: string;
  /** The kinds whose forms show it. */
  hosts: ReadonlyArray<'post' | 'article'>;
  Editor: (props: { onChange: (value: unknown) => void; initial?: unknown; locked?: boolean }) => ReactNode;
  /** Whether the value of an item can no longer change (a poll with votes). */
  locked?: (initial: unknown) => boolean;
}
// The poll editor loads when a composer is shown, not with the first screen.
const LazyPollComposer = lazy(() =>
  import('./polls/PollComposer').then((module) => ({ default: module.PollComposer })),
);
const PollComposer: ComposerExtension['Editor'] = (props) => (
  <Suspense fallback={null}>
    <LazyPollComposer {...props} />
  </Suspense>
);

export const composerExtensions: ComposerExtension[] = [
  {
    field: 'poll',
    hosts: ['post', 'article'],
    Editor: PollComposer,
    locked: (initial) => ((initial as { total?: number | null } | undefined)?.total ?? 0) > 0,
  },
];
export const extensionsOf = (host: 'post' | 'article') =>
  composerExtensions.filter((extension) => extension.hosts.includes(host));

const fallback: KindView<FeedItem> = { Body: PostBody, edit: () => '' };

export function viewOf(item: FeedItem): KindView<FeedItem> {
  return (kindViews[item.kind] as KindView<FeedItem> | undefined) ?? fallback;
}
