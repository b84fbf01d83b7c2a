import { useMutation } from '@tanstack/react-query';
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Notice } from '../../components/ui';
import './identity.css';
import { identityApi } from './queries';

/** CSV import: a preview with a verdict per line first, then the import itself. */
export function ImportSection() {
  const { t } = useTranslation();
  const inputId = useId();
  const skipId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [skipBadLines, setSkipBadLines] = useState(false);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) =>
      identityApi.importPeople(file as File, { dryRun, skipBadLines }),
  });
  const result = run.data;
  const bad = result?.lines.filter((line) => !line.ok) ?? [];

  function choose(event: ChangeEvent<HTMLInputElement>) {
    setFile(event.target.files?.[0] ?? null);
    run.reset();
  }

  return (
    <section className="card" aria-labelledby="admin-import">
      <h2 id="admin-import">{t('identity.importTitle')}</h2>
      <p>{t('identity.importIntro')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('identity.importFile')}</label>
        <input id={inputId} type="file" accept=".csv,text/csv" onChange={choose} />
      </div>
      <label className="checkbox" htmlFor={skipId}>
        <input
          id={skipId}
          type="checkbox"
          checked={skipBadLines}
          onChange={(e) => setSkipBadLines(e.target.checked)}
        />
        {t('identity.importSkipBad')}
      </label>
      <div className="identity-mapping-row">
        <button
          type="button"
          className="button"
          disabled={!file || run.isPending}
          onClick={() => run.mutate({ dryRun: true })}
        >
          {t('identity.importPreview')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!file || run.isPending}
          onClick={() => run.mutate({ dryRun: false })}
        >
          {t('identity.importRun')}
        </button>
      </div>
      <ErrorMessage error={run.error} />
      {result && (
        <Notice tone={result.written ? 'success' : 'info'}>
          {result.written
            ? t('identity.importDone', { created: result.created, updated: result.updated })
            : t('identity.importWould', { created: result.created, updated: result.updated })}
        </Notice>
      )}
      {bad.length > 0 && (
        <ul className="import-errors">
          {bad.map((line) => (
            <li key={line.line}>{t('identity.importLineError', { line: line.line, error: line.error })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
