import { useMutation } from '@tanstack/react-query';
import { Paperclip } from 'lucide-react';
import {
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedItem } from '../../../shared/api/stream';
import { MAX_ATTACHMENTS, textLimits } from '../../../shared/limits';
import { counterShows, isTooLong, TextCounter } from '../../components/TextCounter';
import { ErrorMessage } from '../../components/ui';
import { ApiError } from '../../lib/api-error';
import { useSubmission } from '../../lib/submission';
import { extensionsOf } from '../kinds';
import { AttachmentPreviews, type PendingFile } from './AttachmentPreviews';
import { FormattingToolbar } from './FormattingToolbar';
import { MentionTextarea } from './MentionTextarea';
import { type PostTarget, streamApi } from './queries';
import { TagPreview } from './TagPreview';
import './stream.css';
import './Composer.css';
import './keyboard-hint.css';

/**
 * Writing a post: a text field with buttons for bold, italics, lists, quotes and links (so nobody
 * needs to know Markdown), @mention suggestions while typing, a preview of what becomes a topic, and
 * attachments (picked, dragged onto the composer or pasted) with upload progress and thumbnails.
 * A post may be only pictures or files.
 */
export function Composer({
  endpoint,
  placeholder,
  onPosted,
  initial,
  submitLabel,
}: {
  /** Where the post goes: `postTargets` in ./queries. */
  endpoint: PostTarget;
  placeholder: string;
  onPosted: (item: FeedItem) => void;
  initial?: FeedItem;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const fieldId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(initial?.body ?? '');
  const [files, setFiles] = useState<PendingFile[]>(
    initial?.attachments.map((a) => ({ key: a.id, name: a.name, progress: 1, attachment: a })) ?? [],
  );
  const [dragging, setDragging] = useState(false);
  const [leftOut, setLeftOut] = useState(0);
  const submission = useSubmission();
  // Fields of kinds that are a post with more (a poll), from their editors (features/kinds.tsx).
  const [extras, setExtras] = useState<Record<string, unknown>>({});
  const [extrasKey, setExtrasKey] = useState(0);
  const setExtra = useCallback(
    (field: string, value: unknown) => setExtras((current) => ({ ...current, [field]: value })),
    [],
  );
  const submit = useMutation({
    mutationFn: () =>
      streamApi.savePost(
        endpoint,
        {
          body,
          attachments: files.flatMap((f) => (f.attachment ? [f.attachment.id] : [])),
          ...(initial ? {} : extras),
        },
        endpoint.method === 'POST' ? submission.key() : undefined,
      ),
    onSuccess: (item) => {
      submission.accepted();
      if (!initial) {
        setBody('');
        setFiles([]);
        setExtras({});
        setExtrasKey((key) => key + 1);
      }
      onPosted(item);
    },
  });
  const uploading = files.some((f) => !f.attachment && !f.error);
  const ready = files.some((f) => f.attachment);
  const tooLong = isTooLong(body, textLimits.post);
  const canSend = (body.trim() !== '' || ready) && !uploading && !tooLong;
  // Where the caret goes once the new text is written (the text field applies it).
  const pendingSelection = useRef<[number, number] | null>(null);

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

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && canSend)
      submission.run(submit.mutateAsync);
  }

  function addFiles(list: FileList | null) {
    const picked = Array.from(list ?? []);
    const room = Math.max(0, MAX_ATTACHMENTS - files.filter((f) => !f.error).length);
    setLeftOut(Math.max(0, picked.length - room));
    for (const file of picked.slice(0, room)) {
      const key = `${file.name}-${Math.random().toString(36).slice(2)}`;
      setFiles((current) => [...current, { key, name: file.name, progress: 0, file }]);
      const update = (change: Partial<PendingFile>) =>
        setFiles((current) => current.map((f) => (f.key === key ? { ...f, ...change } : f)));
      streamApi
        .uploadAttachment(file, (progress) => update({ progress }))
        .then((attachment) => update({ attachment, progress: 1 }))
        .catch((error) =>
          update({ error: error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)) }),
        );
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (canSend) submission.run(submit.mutateAsync);
  }

  /** Pasted pictures (a screenshot) are attached; pasted text stays text. */
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const data = event.clipboardData;
    if (data.files.length === 0 || data.types.includes('text/plain')) return;
    event.preventDefault();
    addFiles(data.files);
  }

  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const dropZone = {
    onDragOver(event: DragEvent<HTMLFormElement>) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave(event: DragEvent<HTMLFormElement>) {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop(event: DragEvent<HTMLFormElement>) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      addFiles(event.dataTransfer.files);
    },
  };

  return (
    <form className={`composer${dragging ? ' composer-dragging' : ''}`} onSubmit={onSubmit} {...dropZone}>
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
        <MentionTextarea
          id={fieldId}
          textareaRef={textarea}
          pendingSelection={pendingSelection}
          value={body}
          onChange={setBody}
          rows={3}
          placeholder={placeholder}
          describedBy={counterShows(body, textLimits.post) ? `${fieldId}-count` : undefined}
          invalid={tooLong}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {dragging && (
          <div className="composer-drop-hint" aria-hidden="true">
            {t('writing.dropHere')}
          </div>
        )}
      </div>
      <TextCounter value={body} limit={textLimits.post} id={`${fieldId}-count`} />
      <TagPreview text={body} />
      <AttachmentPreviews
        files={files}
        onRemove={(key) => {
          setFiles((current) => current.filter((f) => f.key !== key));
          setLeftOut(0);
        }}
      />
      {leftOut > 0 && files.length > 0 && (
        <p className="field-error" role="alert">
          {t('writing.tooManyFiles', { max: MAX_ATTACHMENTS, count: leftOut })}
        </p>
      )}
      {!initial &&
        extensionsOf('post').map(({ field, Editor }) => (
          <ComposerExtensionSlot
            key={`${field}-${extrasKey}`}
            field={field}
            Editor={Editor}
            onChange={setExtra}
          />
        ))}
      <ErrorMessage error={submit.error} />
      <div className="composer-actions">
        <span className="field-hint keyboard-hint">{t('composer.hint')}</span>
        <button type="submit" className="button button-primary" disabled={submit.isPending || !canSend}>
          {submitLabel ?? t('composer.post')}
        </button>
      </div>
    </form>
  );
}

function ComposerExtensionSlot({
  field,
  Editor,
  onChange,
}: {
  field: string;
  Editor: ReturnType<typeof extensionsOf>[number]['Editor'];
  onChange: (field: string, value: unknown) => void;
}) {
  const change = useCallback((value: unknown) => onChange(field, value), [field, onChange]);
  return <Editor onChange={change} />;
}
