import type { ReactNode } from 'react';
import type { FeedItem } from '../../shared/api/stream';
import { ArticleTeaser } from './articles/ArticleTeaser';
import { IdeaTeaser } from './ideas/IdeaTeaser';
import { PollComposer } from './polls/PollComposer';
import { PollBody } from './polls/PollView';
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

export const kindViews: KindViews = {
  post: { Body: PostBody, edit: 'inline' },
  article: { Body: ArticleTeaser, edit: (item) => `/articles/${item.id}/edit` },
  poll: { Body: PollBody, edit: 'inline' },
  idea: { Body: IdeaTeaser, edit: () => '' },
};

/**
 * Kinds that are a post with more (kinds/registry.ts `PostExtension` on the server): the post
 * composer shows each one's editor, which hands it the value of the post body's field (undefined:
 * not added). One line per kind.
 */
export interface ComposerExtension {
  field: string;
  Editor: (props: { onChange: (value: unknown) => void }) => ReactNode;
}
export const composerExtensions: ComposerExtension[] = [{ field: 'poll', Editor: PollComposer }];

const fallback: KindView<FeedItem> = { Body: PostBody, edit: () => '' };

export function viewOf(item: FeedItem): KindView<FeedItem> {
  return (kindViews[item.kind] as KindView<FeedItem> | undefined) ?? fallback;
}
