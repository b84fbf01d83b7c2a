import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Download, FileText, Folder as FolderIcon, FolderPlus, Upload } from 'lucide-react';
import { type DragEvent, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder, LibraryFile } from '../../../shared/api/library';
import { imageCredit } from '../../components/imageCredit';
import { EmptyState, ErrorMessage, Field, RelativeTime, Skeleton } from '../../components/ui';
import { ApiError } from '../../lib/api-error';
import '../stream/stream.css';
import { spaceKeys, spacesApi } from './queries';
import './spaces.css';

interface Transfer {
  key: string;
  name: string;
  progress: number;
  error?: ApiError;
  done?: boolean;
}

const formatSize = (bytes: number) =>
  bytes > 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.ceil(bytes / 1000))} KB`;

function FileRowView({
  file,
  onChanged,
  folders,
}: {
  file: LibraryFile;
  onChanged: () => void;
  folders: Folder[];
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ name: file.name, folderId: file.folderId, ...file.rights });
  const versionInput = useId();
  const save = useMutation({
    mutationFn: () => spacesApi.updateFile(file.id, form),
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
  });
  const remove = useMutation({
    mutationFn: () => spacesApi.deleteFile(file.id),
    onSuccess: onChanged,
  });
  const replace = useMutation({
    mutationFn: (next: File) => spacesApi.replaceFile(file.id, next),
    onSuccess: onChanged,
  });
  const credit = imageCredit(t, file.rights);
  return (
    <li className="file-row">
      {file.thumbnailUrl ? (
        <img src={file.thumbnailUrl} alt="" className="file-thumb" loading="lazy" />
      ) : (
        <span className="file-icon" aria-hidden="true">
          <FileText size={22} />
        </span>
      )}
      <div className="file-main">
        <a href={file.url} className="file-name" download={file.kind === 'file' ? file.name : undefined}>
          {file.name}
        </a>
        <p className="muted file-meta">
          {formatSize(file.size)} · {t('files.version', { version: file.version })} · {file.uploader?.name} ·{' '}
          <RelativeTime iso={file.updatedAt ?? file.createdAt} />
        </p>
        {credit && <p className="file-credit">{credit}</p>}
        {(file.textState === 'too_large' || file.textState === 'unreadable') && (
          <p className="muted file-not-indexed">
            {t(file.textState === 'too_large' ? 'files.notIndexedTooLarge' : 'files.notIndexedUnreadable')}
          </p>
        )}
        {file.versions.length > 0 && (
          <details className="file-versions">
            <summary>{t('files.olderVersions', { count: file.versions.length })}</summary>
            <ul>
              {file.versions.map((v) => (
                <li key={v.version}>
                  <a href={v.url}>
                    {t('files.version', { version: v.version })}: {v.name}
                  </a>{' '}
                  · <RelativeTime iso={v.createdAt} />
                </li>
              ))}
            </ul>
          </details>
        )}
        {editing && (
          <form
            className="file-edit"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              save.mutate();
            }}
          >
            <Field
              label={t('files.name')}
              name="name"
              value={form.name}
              onChange={(name) => setForm({ ...form, name })}
              required
              maxLength={200}
            />
            <div className="field">
              <label htmlFor={`move-${file.id}`}>{t('files.moveTo')}</label>
              <select
                id={`move-${file.id}`}
                value={form.folderId ?? ''}
                onChange={(event) =>
                  setForm({ ...form, folderId: event.target.value ? Number(event.target.value) : null })
                }
              >
                <option value="">{t('files.root')}</option>
                {folders.map((folder) => (
                  <option key={folder.id} value={folder.id}>
                    {folder.name}
                  </option>
                ))}
              </select>
            </div>
            {file.kind === 'image' && (
              <>
                <Field
                  label={t('files.creator')}
                  name="creator"
                  value={form.creator}
                  onChange={(creator) => setForm({ ...form, creator })}
                  maxLength={300}
                />
                <Field
                  label={t('files.source')}
                  name="source"
                  value={form.source}
                  onChange={(source) => setForm({ ...form, source })}
                  maxLength={300}
                />
                <Field
                  label={t('files.licence')}
                  name="licence"
                  value={form.licence}
                  onChange={(licence) => setForm({ ...form, licence })}
                  maxLength={300}
                />
              </>
            )}
            <button type="submit" className="button button-primary">
              {t('common.save')}
            </button>
          </form>
        )}
        <ErrorMessage error={save.error ?? remove.error ?? replace.error} />
      </div>
      <div className="file-actions">
        <a
          href={file.url}
          className="icon-button"
          download={file.name}
          aria-label={t('files.download', { name: file.name })}
          title={t('files.download', { name: file.name })}
        >
          <Download size={18} aria-hidden="true" />
        </a>
        {file.permissions.edit && (
          <>
            <button
              type="button"
              className="link-button"
              onClick={() => setEditing(!editing)}
              aria-expanded={editing}
            >
              {t('stream.edit')}
            </button>
            <label htmlFor={versionInput} className="link-button">
              {t('files.newVersion')}
            </label>
            <input
              id={versionInput}
              type="file"
              className="visually-hidden"
              onChange={(event) => {
                const next = event.target.files?.[0];
                if (next) replace.mutate(next);
                event.target.value = '';
              }}
            />
          </>
        )}
        {file.permissions.delete && (
          <button
            type="button"
            className="link-button link-danger"
            onClick={() => {
              if (window.confirm(t('files.confirmDelete', { name: file.name }))) remove.mutate();
            }}
          >
            {t('stream.delete')}
          </button>
        )}
      </div>
    </li>
  );
}

export function SpaceFiles({ spaceId }: { spaceId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [folderId, setFolderId] = useState<number | null>(null);
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [dragging, setDragging] = useState(false);
  const [newFolder, setNewFolder] = useState<string | null>(null);
  const listing = useQuery({
    queryKey: spaceKeys.folder(spaceId, folderId),
    queryFn: () => spacesApi.files(spaceId, folderId),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: spaceKeys.library(spaceId) });
  const createFolder = useMutation({
    mutationFn: (name: string) => spacesApi.createFolder(spaceId, name, folderId),
    onSuccess: () => {
      setNewFolder(null);
      refresh();
    },
  });

  function send(files: FileList | File[]) {
    for (const file of Array.from(files)) {
      const transferKey = `${file.name}-${Math.random().toString(36).slice(2)}`;
      setTransfers((current) => [...current, { key: transferKey, name: file.name, progress: 0 }]);
      const update = (change: Partial<Transfer>) =>
        setTransfers((current) => current.map((x) => (x.key === transferKey ? { ...x, ...change } : x)));
      spacesApi
        .uploadFile(spaceId, folderId, file, (progress) => update({ progress }))
        .then(() => {
          update({ progress: 1, done: true });
          refresh();
          setTimeout(() => setTransfers((current) => current.filter((x) => x.key !== transferKey)), 2000);
        })
        .catch((error) =>
          update({ error: error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)) }),
        );
    }
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    if (listing.data?.permissions.upload && event.dataTransfer.files.length) send(event.dataTransfer.files);
  }

  const data = listing.data;
  return (
    <section
      className={dragging ? 'card library library-dragging' : 'card library'}
      aria-label={t('files.title')}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <nav className="breadcrumbs" aria-label={t('files.path')}>
        <button type="button" className="link-button" onClick={() => setFolderId(null)}>
          {t('files.root')}
        </button>
        {data?.breadcrumbs.map((crumb) => (
          <span key={crumb.id}>
            {' '}
            /{' '}
            <button type="button" className="link-button" onClick={() => setFolderId(crumb.id)}>
              {crumb.name}
            </button>
          </span>
        ))}
      </nav>
      {data?.permissions.upload && (
        <div className="library-actions">
          <label htmlFor={inputId} className="button button-primary">
            <Upload size={18} aria-hidden="true" /> {t('files.upload')}
          </label>
          <input
            id={inputId}
            type="file"
            multiple
            className="visually-hidden"
            onChange={(event) => {
              if (event.target.files) send(event.target.files);
              event.target.value = '';
            }}
          />
          <button type="button" className="button" onClick={() => setNewFolder('')}>
            <FolderPlus size={18} aria-hidden="true" /> {t('files.newFolder')}
          </button>
          <span className="muted">{t('files.dropHint')}</span>
        </div>
      )}
      {newFolder !== null && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (newFolder.trim()) createFolder.mutate(newFolder.trim());
          }}
        >
          <Field
            label={t('files.folderName')}
            name="folder"
            value={newFolder}
            onChange={setNewFolder}
            required
            maxLength={200}
          />
          <button type="submit" className="button button-primary">
            {t('files.createFolder')}
          </button>
        </form>
      )}
      <ErrorMessage error={listing.error ?? createFolder.error} />
      {transfers.length > 0 && (
        <ul className="upload-list">
          {transfers.map((transfer) => (
            <li key={transfer.key}>
              <span className="upload-name">{transfer.name}</span>
              {transfer.error ? (
                <span className="field-error">
                  {t(`errors.${transfer.error.code}`, { defaultValue: transfer.error.message })}
                </span>
              ) : (
                <progress
                  className="upload-progress"
                  value={transfer.progress}
                  max={1}
                  aria-label={t('composer.uploading', { name: transfer.name })}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {listing.isPending ? (
        <Skeleton lines={4} />
      ) : data && data.folders.length === 0 && data.files.length === 0 ? (
        <EmptyState title={t('files.empty')}>
          <p>{data.permissions.upload ? t('files.emptyHint') : ''}</p>
        </EmptyState>
      ) : (
        <ul className="file-list">
          {data?.folders.map((folder) => (
            <li key={`folder-${folder.id}`} className="file-row">
              <span className="file-icon" aria-hidden="true">
                <FolderIcon size={22} />
              </span>
              <div className="file-main">
                <button
                  type="button"
                  className="link-button file-name"
                  onClick={() => setFolderId(folder.id)}
                >
                  {folder.name}
                </button>
              </div>
            </li>
          ))}
          {data?.files.map((file) => (
            <FileRowView
              key={file.id}
              file={file}
              onChanged={refresh}
              folders={[...(data?.breadcrumbs ?? []), ...(data?.folders ?? [])]}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
