import { useTranslation } from 'react-i18next';
import './articles.css';

export interface Rights {
  creator: string;
  source: string;
  licence: string;
}

/** Licences by their usual names; the two in words are said in the UI language. */
const namedLicences = ['CC BY 4.0', 'CC BY-SA 4.0', 'CC0 1.0', 'Unsplash License', 'Pixabay License'];

/** Creator, source and licence of a picture: all three are needed before an article goes out. */
export function ImageRightsEditor({
  idPrefix,
  rights,
  onChange,
  showMissing = false,
}: {
  idPrefix: string;
  rights: Rights;
  onChange: (rights: Rights) => void;
  /** Mark the empty fields (publishing was refused because this picture lacks its credit). */
  showMissing?: boolean;
}) {
  const { t } = useTranslation();
  const field = (key: keyof Rights, label: string, hint?: string) => {
    const missing = showMissing && !rights[key].trim();
    const describedBy =
      [hint ? `${idPrefix}-${key}-hint` : '', missing ? `${idPrefix}-${key}-error` : '']
        .filter(Boolean)
        .join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={`${idPrefix}-${key}`}>
          {label}
          <span aria-hidden="true"> *</span>
        </label>
        <input
          id={`${idPrefix}-${key}`}
          value={rights[key]}
          required
          maxLength={300}
          list={key === 'licence' ? `${idPrefix}-licences` : undefined}
          aria-invalid={missing ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange({ ...rights, [key]: event.target.value })}
        />
        {hint && (
          <p className="field-hint" id={`${idPrefix}-${key}-hint`}>
            {hint}
          </p>
        )}
        {missing && (
          <p className="field-error" id={`${idPrefix}-${key}-error`}>
            {t('articleEditor.rightsMissing')}
          </p>
        )}
      </div>
    );
  };
  return (
    <div className="rights-fields">
      {field('creator', t('files.creator'))}
      {field('source', t('files.source'), t('articles.sourceHint'))}
      {field('licence', t('files.licence'))}
      <datalist id={`${idPrefix}-licences`}>
        {[...namedLicences, t('articles.licenceOwnPhoto'), t('articles.licenceAllRights')].map((licence) => (
          <option key={licence} value={licence} />
        ))}
      </datalist>
    </div>
  );
}
