import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Download, FileText, MessageCircle, MoreHorizontal, Pin } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedItem } from '../../../shared/api/stream';
import { Avatar } from '../../components/Avatar';
import { imageCredit } from '../../components/imageCredit';
import { ErrorMessage, RelativeTime } from '../../components/ui';
import { updateCachedItem } from '../../lib/live';
import { viewOf } from '../kinds';
import { SuggestStoryLink } from '../social/SuggestStoryLink';
import { Comments } from './Comments';
import { Composer } from './Composer';
import { MuteThread, WhoReacted } from './PostExtras';
import { postTargets, streamApi, streamKeys } from './queries';
import { Reactions } from './Reactions';
import './stream.css';
import '../spaces/spaces.css';

const formatSize = (bytes: number) =>
  bytes > 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} KB`;

export function PostCard({ item, expandComments = false }: { item: FeedItem; expandComments?: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const closeMenu = () => {
    if (menu.current) menu.current.open = false;
  };
  const remove = useMutation({
    mutationFn: () => streamApi.remove(item.id),
    onSuccess: () => updateCachedItem(queryClient, item.id, () => null),
  });
  const pin = useMutation({
    mutationFn: () => streamApi.pin(item.id, !item.pinned),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: streamKeys.feeds }),
  });
  const view = viewOf(item);
  const images = item.attachments.filter((a) => a.kind === 'image');
  const documents = item.attachments.filter((a) => a.kind === 'file');

  return (
    <article className="card post" aria-labelledby={`post-${item.id}-author`}>
      <header className="post-header">
        <Avatar person={item.author} size={44} />
        <div className="post-meta">
          <p>
            <Link
              id={`post-${item.id}-author`}
              to="/people/$id"
              params={{ id: String(item.author.id) }}
              className="post-author"
            >
              {item.author.name}
            </Link>
            {item.space && (
              <>
                {' '}
                <span className="muted">{t('stream.inSpace')}</span>{' '}
                <Link to="/spaces/$id" params={{ id: String(item.space.id) }} className="space-chip">
                  <span className="space-dot" style={{ background: item.space.color }} aria-hidden="true" />
                  {item.space.name}
                </Link>
              </>
            )}
          </p>
          <p className="muted post-time">
            <Link to={item.url} className="muted">
              <RelativeTime iso={item.publishedAt ?? item.createdAt} />
            </Link>
            {item.editedAt && <> · {t('stream.edited')}</>}
            {item.pinned && (
              <span className="badge badge-pinned">
                <Pin size={12} aria-hidden="true" /> {t('stream.pinned')}
              </span>
            )}
          </p>
        </div>
        <details className="post-menu" ref={menu}>
          <summary className="icon-button" aria-label={t('stream.actions')} title={t('stream.actions')}>
            <MoreHorizontal size={20} aria-hidden="true" />
          </summary>
          <div className="post-menu-items">
            <MuteThread contentId={item.id} />
            <SuggestStoryLink link={item.url} />
            {item.permissions.pin && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  closeMenu();
                  pin.mutate();
                }}
              >
                {item.pinned ? t('stream.unpin') : t('stream.pin')}
              </button>
            )}
            {item.permissions.edit && view.edit !== 'inline' && (
              <Link to={view.edit(item)} className="link-button">
                {t('stream.edit')}
              </Link>
            )}
            {item.permissions.edit && view.edit === 'inline' && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  closeMenu();
                  setEditing(!editing);
                }}
              >
                {t('stream.edit')}
              </button>
            )}
            {item.permissions.delete && (
              <button
                type="button"
                className="link-button link-danger"
                onClick={() => {
                  closeMenu();
                  if (window.confirm(t('stream.confirmDelete'))) remove.mutate();
                }}
              >
                {t('stream.delete')}
              </button>
            )}
          </div>
        </details>
      </header>
      {editing ? (
        <Composer
          initial={item}
          endpoint={postTargets.edit(item.id)}
          placeholder={t('composer.placeholder')}
          submitLabel={t('common.save')}
          onPosted={(updated) => {
            updateCachedItem(queryClient, item.id, () => updated);
            setEditing(false);
          }}
        />
      ) : (
        <view.Body item={item} />
      )}
      {images.length > 0 && (
        <div className={`post-images post-images-${Math.min(images.length, 3)}`}>
          {images.map((image) => {
            const credit = imageCredit(t, image.rights);
            return (
              <figure key={image.id} className="post-image">
                <a href={image.url} target="_blank" rel="noopener noreferrer">
                  <img
                    src={image.url}
                    alt={image.name}
                    width={image.width ?? undefined}
                    height={image.height ?? undefined}
                    loading="lazy"
                  />
                </a>
                {credit && <figcaption className="image-credit">{credit}</figcaption>}
              </figure>
            );
          })}
        </div>
      )}
      {documents.length > 0 && (
        <ul className="post-files">
          {documents.map((file) => (
            <li key={file.id}>
              <FileText size={18} aria-hidden="true" />
              <a href={file.url} download>
                {file.name}
              </a>
              <span className="muted">{formatSize(file.size)}</span>
              <Download size={16} aria-hidden="true" />
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error ?? pin.error} />
      <footer className="post-footer">
        <Reactions item={item} />
        <WhoReacted item={item} />
        <span className="muted comment-count">
          <MessageCircle size={16} aria-hidden="true" />{' '}
          {t('stream.commentCount', { count: item.commentCount })}
        </span>
      </footer>
      <Comments item={item} expanded={expandComments} />
    </article>
  );
}
