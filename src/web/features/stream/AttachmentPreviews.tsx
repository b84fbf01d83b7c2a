import { FileText, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../shared/api/stream';
import type { ApiError } from '../../lib/api-error';
import './stream.css';

export interface PendingFile {
  key: string;
  name: string;
  progress: number;
  /** The picked file while it uploads (for an instant preview); absent for attachments already saved. */
  file?: File;
  attachment?: Attachment;
  error?: ApiError;
}

/** A picture's preview: the local file at once, the server's thumbnail for saved attachments. */
function useThumbnail(pending: PendingFile): string | null {
  const local = pending.file?.type.startsWith('image/') ? pending.file : undefined;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!local) return;
    const objectUrl = URL.createObjectURL(local);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [local]);
  if (local) return url;
  return pending.attachment?.kind === 'image'
    ? (pending.attachment.thumbnailUrl ?? pending.attachment.url)
    : null;
}

function Preview({ pending, onRemove }: { pending: PendingFile; onRemove: () => void }) {
  const { t } = useTranslation();
  const thumbnail = useThumbnail(pending);
  const name = pending.attachment?.name ?? pending.name;
  return (
    <li className={`attachment-preview${thumbnail ? ' is-image' : ''}`}>
      {thumbnail ? (
        <img src={thumbnail} alt={t('writing.attachmentPreview', { name })} />
      ) : (
        <span className="attachment-icon" aria-hidden="true">
          <FileText size={22} />
        </span>
      )}
      <span className="attachment-name" title={name}>
        {name}
      </span>
      {pending.error ? (
        <span className="field-error">
          {t(`errors.${pending.error.code}`, { defaultValue: pending.error.message })}
        </span>
      ) : (
        <progress
          value={pending.progress}
          max={1}
          aria-label={t('composer.uploading', { name })}
          className="upload-progress"
        />
      )}
      <button
        type="button"
        className="attachment-remove"
        onClick={onRemove}
        aria-label={t('composer.removeFile', { name })}
        title={t('composer.removeFile', { name })}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </li>
  );
}

/** What is attached to the post being written: thumbnails of pictures, names of files, each removable. */
export function AttachmentPreviews({
  files,
  onRemove,
}: {
  files: PendingFile[];
  onRemove: (key: string) => void;
}) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <ul className="attachment-previews" aria-label={t('writing.attachments')}>
      {files.map((pending) => (
        <Preview key={pending.key} pending={pending} onRemove={() => onRemove(pending.key)} />
      ))}
    </ul>
  );
}
