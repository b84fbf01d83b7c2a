import { useTranslation } from 'react-i18next';
import { findHashtags } from '../../../shared/markup';
import './Composer.css';

/**
 * Shows while typing which words will become topics, with the same parser the server uses
 * (so `#IT-Hilfe` shows as one tag, and `#IT-` as `#IT`).
 */
export function TagPreview({ text }: { text: string }) {
  const { t } = useTranslation();
  const seen = new Set<string>();
  const tags = findHashtags(text).filter((tag) => !seen.has(tag.key) && seen.add(tag.key));
  if (tags.length === 0) return null;
  return (
    <p className="tag-preview">
      <span>{t('writing.tagsPreview')}</span>{' '}
      {tags.map((tag) => (
        <span key={tag.key} className="tag-chip">
          #{tag.text}
        </span>
      ))}
    </p>
  );
}
