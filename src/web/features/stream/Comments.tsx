import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment, FeedItem } from '../../../shared/api/stream';
import { textLimits } from '../../../shared/limits';
import { Avatar } from '../../components/Avatar';
import { counterShows, isTooLong, TextCounter } from '../../components/TextCounter';
import { ErrorMessage, RelativeTime } from '../../components/ui';
import { updateCachedItem } from '../../lib/live';
import { useMe } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { MentionTextarea } from './MentionTextarea';
import { streamApi, streamKeys } from './queries';
import { RichText } from './RichText';
import { TagPreview } from './TagPreview';
import './stream.css';

/** A comment's text field: @ suggestions, a counter near the limit, and what becomes a topic. */
function CommentText({
  id,
  value,
  onChange,
  placeholder,
  autoFocus,
  onSend,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  autoFocus?: boolean;
  onSend: () => void;
}) {
  return (
    <>
      <MentionTextarea
        id={id}
        rows={1}
        value={value}
        onChange={onChange}
        placeholder={placeholder}
        describedBy={counterShows(value, textLimits.comment) ? `${id}-count` : undefined}
        invalid={isTooLong(value, textLimits.comment)}
        autoFocus={autoFocus}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            onSend();
          }
        }}
      />
      <div className="comment-form-notes">
        <TextCounter value={value} limit={textLimits.comment} id={`${id}-count`} />
        <TagPreview text={value} />
      </div>
    </>
  );
}

function CommentForm({
  item,
  parentId,
  onDone,
  autoFocus,
}: {
  item: FeedItem;
  parentId?: number;
  onDone?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const submission = useSubmission();
  const send = useMutation({
    mutationFn: () => streamApi.addComment(item.id, { body, parentId }, submission.key()),
    onSuccess: (comment) => {
      submission.accepted();
      setBody('');
      // The live event may have brought the item with this comment already (lib/live.ts).
      updateCachedItem(queryClient, item.id, (current) =>
        current.latestComments.some((shown) => shown.id === comment.id)
          ? current
          : {
              ...current,
              commentCount: current.commentCount + 1,
              latestComments: [...current.latestComments, comment].slice(-2),
            },
      );
      void queryClient.invalidateQueries({ queryKey: streamKeys.comments(item.id) });
      onDone?.();
    },
  });
  const canSend = body.trim() !== '' && !isTooLong(body, textLimits.comment);
  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (canSend) submission.run(send.mutateAsync);
  }
  return (
    <form className="comment-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {parentId ? t('stream.replyLabel') : t('stream.commentLabel')}
      </label>
      <CommentText
        id={id}
        value={body}
        onChange={setBody}
        placeholder={parentId ? t('stream.replyPlaceholder') : t('stream.commentPlaceholder')}
        autoFocus={autoFocus}
        onSend={() => submit()}
      />
      <button type="submit" className="button button-primary" disabled={send.isPending || !canSend}>
        {t('stream.send')}
      </button>
      <ErrorMessage error={send.error} />
    </form>
  );
}

function CommentView({ comment, item, onReply }: { comment: Comment; item: FeedItem; onReply?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(comment.body);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: streamKeys.comments(item.id) });
    void streamApi.item(item.id).then((fresh) => updateCachedItem(queryClient, item.id, () => fresh));
  };
  const save = useMutation({
    mutationFn: () => streamApi.editComment(comment.id, body),
    onSuccess: () => {
      setEditing(false);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => streamApi.deleteComment(comment.id),
    onSuccess: refresh,
  });
  return (
    <div className="comment">
      <Avatar person={comment.author} size={32} />
      <div className="comment-main">
        <div className="comment-bubble">
          <Link to="/people/$id" params={{ id: String(comment.author.id) }} className="comment-author">
            {comment.author.name}
          </Link>
          {editing ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                save.mutate();
              }}
              className="comment-form"
            >
              <label className="visually-hidden" htmlFor={`edit-${comment.id}`}>
                {t('stream.editComment')}
              </label>
              <CommentText
                id={`edit-${comment.id}`}
                value={body}
                onChange={setBody}
                onSend={() => save.mutate()}
              />
              <button
                type="submit"
                className="button button-primary"
                disabled={save.isPending || !body.trim() || isTooLong(body, textLimits.comment)}
              >
                {t('common.save')}
              </button>
            </form>
          ) : (
            <RichText html={comment.html} />
          )}
        </div>
        <div className="comment-meta">
          <RelativeTime iso={comment.createdAt} />
          {comment.editedAt && <span>· {t('stream.edited')}</span>}
          {onReply && (
            <button type="button" className="link-button" onClick={onReply}>
              {t('stream.reply')}
            </button>
          )}
          {comment.permissions.edit && !editing && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t('stream.edit')}
            </button>
          )}
          {comment.permissions.delete && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                if (window.confirm(t('stream.confirmDeleteComment'))) remove.mutate();
              }}
            >
              {t('stream.delete')}
            </button>
          )}
        </div>
        <ErrorMessage error={save.error ?? remove.error} />
      </div>
    </div>
  );
}

export function Comments({ item, expanded: startExpanded = false }: { item: FeedItem; expanded?: boolean }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const [expanded, setExpanded] = useState(startExpanded);
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const all = useQuery({
    queryKey: streamKeys.comments(item.id),
    queryFn: () => streamApi.comments(item.id),
    enabled: expanded,
  });
  const comments = expanded && all.data ? all.data.items : item.latestComments;
  const topLevel = comments.filter((c) => c.parentId === null || !comments.some((p) => p.id === c.parentId));
  const repliesTo = (id: number) => comments.filter((c) => c.parentId === id);
  return (
    <section className="comments" aria-label={t('stream.comments')}>
      {!expanded && item.commentCount > comments.length && (
        <button type="button" className="link-button" onClick={() => setExpanded(true)}>
          {t('stream.showAllComments', { count: item.commentCount })}
        </button>
      )}
      {topLevel.map((comment) => (
        <div key={comment.id} className="comment-thread">
          <CommentView
            comment={comment}
            item={item}
            onReply={
              item.permissions.comment
                ? () => {
                    setExpanded(true);
                    setReplyTo(comment.id);
                  }
                : undefined
            }
          />
          <div className="comment-replies">
            {repliesTo(comment.id).map((reply) => (
              <CommentView
                key={reply.id}
                comment={reply}
                item={item}
                onReply={item.permissions.comment ? () => setReplyTo(comment.id) : undefined}
              />
            ))}
            {replyTo === comment.id && me && (
              <CommentForm item={item} parentId={comment.id} onDone={() => setReplyTo(null)} autoFocus />
            )}
          </div>
        </div>
      ))}
      {item.permissions.comment && <CommentForm item={item} />}
    </section>
  );
}
