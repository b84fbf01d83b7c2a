import { useMutation, useQuery } from '@tanstack/react-query';
import { Paperclip, X } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, FeedItem } from '../../../shared/api/stream';
import type { UserListItem } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage } from '../../components/ui';
import { ApiError, api, upload } from '../../lib/api';
import { useSubmission } from '../../lib/submission';
import { FormattingToolbar } from './FormattingToolbar';
import './keyboard-hint.css';

interface PendingFile {
  key: string;
  name: string;
  progress: number;
  attachment?: Attachment;
  error?: ApiError;
}

/** The word being typed right before the caret, if it is an @mention. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]{1,30})$/u.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

/**
 * Writing a post: a text field with buttons for bold, italics, lists, quotes and links (so nobody
 * needs to know Markdown), @mention suggestions while typing, and attachments with upload progress.
 */
export function Composer({
  endpoint,
  placeholder,
  onPosted,
  initial,
  submitLabel,
}: {
  endpoint: { method: 'POST' | 'PATCH'; url: string };
  placeholder: string;
  onPosted: (item: FeedItem) => void;
  initial?: FeedItem;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const fieldId = useId();
  const listId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(initial?.body ?? '');
  const [files, setFiles] = useState<PendingFile[]>(
    initial?.attachments.map((a) => ({ key: a.id, name: a.name, progress: 1, attachment: a })) ?? [],
  );
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = useQuery({
    queryKey: ['users', { q: mention?.query, purpose: 'mention' }],
    queryFn: () =>
      api<{ items: UserListItem[] }>(
        'GET',
        `/api/v1/users?limit=6&q=${encodeURIComponent(mention?.query ?? '')}`,
      ),
    enabled: mention !== null,
  });
  const options = mention ? (suggestions.data?.items ?? []) : [];
  const submission = useSubmission();
  const submit = useMutation({
    mutationFn: () =>
      api<FeedItem>(
        endpoint.method,
        endpoint.url,
        { body, attachments: files.flatMap((f) => (f.attachment ? [f.attachment.id] : [])) },
        endpoint.method === 'POST' ? { idempotencyKey: submission.key() } : {},
      ),
    onSuccess: (item) => {
      submission.accepted();
      if (!initial) {
        setBody('');
        setFiles([]);
      }
      onPosted(item);
    },
  });
  const uploading = files.some((f) => !f.attachment && !f.error);
  // Where the caret goes once React has written the new text: set in the same commit, so fast typing never lands elsewhere.
  const pendingSelection = useRef<[number, number] | null>(null);
  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element || !pendingSelection.current) return;
    element.focus();
    element.setSelectionRange(...pendingSelection.current);
    pendingSelection.current = null;
  });

  function replaceSelection(before: string, after = before, fallback = '') {
    const element = textarea.current;
    if (!element) return;
    const { selectionStart: start, selectionEnd: end } = element;
    const selected = body.slice(start, end) || fallback;
    const next = `${body.slice(0, start)}${before}${selected}${after}${body.slice(end)}`;
    pendingSelection.current = [start + before.length, start + before.length + selected.length];
    setBody(next);
  }

  function prefixLines(prefix: string) {
    const element = textarea.current;
    if (!element) return;
    const start = body.lastIndexOf('\n', element.selectionStart - 1) + 1;
    const end = element.selectionEnd;
    const block = body.slice(start, end) || t('composer.listItem');
    const next = block
      .split('\n')
      .map((line) => `${prefix}${line}`)
      .join('\n');
    pendingSelection.current = [start + next.length, start + next.length];
    setBody(`${body.slice(0, start)}${next}${body.slice(end)}`);
  }

  function chooseMention(person: UserListItem) {
    if (!mention) return;
    const element = textarea.current;
    const caret = element?.selectionStart ?? body.length;
    const next = `${body.slice(0, mention.start)}@${person.handle} ${body.slice(caret)}`;
    const position = mention.start + person.handle.length + 2;
    pendingSelection.current = [position, position];
    setBody(next);
    setMention(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (options.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        chooseMention(options[Math.min(active, options.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && body.trim() && !uploading)
      submission.run(submit.mutateAsync);
  }

  function addFiles(list: FileList | null) {
    for (const file of Array.from(list ?? [])) {
      const key = `${file.name}-${Math.random().toString(36).slice(2)}`;
      setFiles((current) => [...current, { key, name: file.name, progress: 0 }]);
      const update = (change: Partial<PendingFile>) =>
        setFiles((current) => current.map((f) => (f.key === key ? { ...f, ...change } : f)));
      upload<Attachment>('POST', '/api/v1/uploads', file, (progress) => update({ progress }))
        .then((attachment) => update({ attachment, progress: 1 }))
        .catch((error) =>
          update({ error: error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)) }),
        );
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (body.trim() && !uploading) submission.run(submit.mutateAsync);
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      <FormattingToolbar
        edits={{ wrap: replaceSelection, prefixLines }}
        after={
          <label className="icon-button" title={t('composer.attach')}>
            <Paperclip size={18} aria-hidden="true" />
            <span className="visually-hidden">{t('composer.attach')}</span>
            <input
              type="file"
              multiple
              className="visually-hidden"
              onChange={(event) => {
                addFiles(event.target.files);
                event.target.value = '';
              }}
            />
          </label>
        }
      />
      <div className="composer-field">
        <label htmlFor={fieldId} className="visually-hidden">
          {placeholder}
        </label>
        <textarea
          ref={textarea}
          id={fieldId}
          value={body}
          rows={3}
          maxLength={10000}
          placeholder={placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-activedescendant={
            options.length > 0 ? `${listId}-${Math.min(active, options.length - 1)}` : undefined
          }
          onChange={(event) => {
            setBody(event.target.value);
            setMention(mentionAt(event.target.value, event.target.selectionStart));
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(null), 150)}
        />
        <div
          id={listId}
          role="listbox"
          className="mention-list"
          hidden={options.length === 0}
          aria-label={t('composer.mentionSuggestions')}
        >
          {options.map((person, index) => (
            <div
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              className={index === active ? 'active' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                chooseMention(person);
              }}
            >
              <Avatar person={person} size={24} /> <strong>{person.name}</strong>{' '}
              <span className="muted">@{person.handle}</span>
            </div>
          ))}
        </div>
      </div>
      {files.length > 0 && (
        <ul className="upload-list">
          {files.map((file) => (
            <li key={file.key}>
              <span className="upload-name">{file.name}</span>
              {file.error ? (
                <span className="field-error">
                  {t(`errors.${file.error.code}`, { defaultValue: file.error.message })}
                </span>
              ) : (
                <progress
                  value={file.progress}
                  max={1}
                  aria-label={t('composer.uploading', { name: file.name })}
                  className="upload-progress"
                />
              )}
              <button
                type="button"
                className="icon-button"
                onClick={() => setFiles((current) => current.filter((f) => f.key !== file.key))}
                aria-label={t('composer.removeFile', { name: file.name })}
              >
                <X size={16} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={submit.error} />
      <div className="composer-actions">
        <span className="field-hint keyboard-hint">{t('composer.hint')}</span>
        <button
          type="submit"
          className="button button-primary"
          disabled={submit.isPending || uploading || !body.trim()}
        >
          {submitLabel ?? t('composer.post')}
        </button>
      </div>
    </form>
  );
}
