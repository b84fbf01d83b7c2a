import { Bold, Italic, Link2, List, Quote } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './stream.css';

export interface TextEdits {
  /** Wraps the selection (or a placeholder word) in `before` and `after`. */
  wrap(before: string, after: string, fallback: string): void;
  /** Puts `prefix` in front of the selected lines. */
  prefixLines(prefix: string): void;
}

/**
 * Buttons for bold, italics, lists, quotes and links, so nobody needs to know Markdown; posts and
 * articles add their own buttons (attachments, headings, pictures) before or after.
 */
export function FormattingToolbar({
  edits,
  before,
  after,
}: {
  edits: TextEdits;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const { t } = useTranslation();
  const buttons: Array<{ label: string; icon: typeof Bold; run: () => void }> = [
    { label: t('composer.bold'), icon: Bold, run: () => edits.wrap('**', '**', t('composer.boldText')) },
    { label: t('composer.italic'), icon: Italic, run: () => edits.wrap('_', '_', t('composer.italicText')) },
    { label: t('composer.list'), icon: List, run: () => edits.prefixLines('- ') },
    { label: t('composer.quote'), icon: Quote, run: () => edits.prefixLines('> ') },
    {
      label: t('composer.link'),
      icon: Link2,
      run: () => {
        const url = window.prompt(t('composer.linkPrompt'), 'https://');
        if (url && /^(https?:\/\/|mailto:)/i.test(url)) edits.wrap('[', `](${url})`, t('composer.linkText'));
      },
    },
  ];
  return (
    <div className="composer-toolbar" role="toolbar" aria-label={t('composer.formatting')}>
      {before}
      {buttons.map(({ label, icon: Icon, run }) => (
        <button
          key={label}
          type="button"
          className="icon-button"
          onClick={run}
          aria-label={label}
          title={label}
        >
          <Icon size={18} aria-hidden="true" />
        </button>
      ))}
      {after}
    </div>
  );
}
