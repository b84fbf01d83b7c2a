import { Link } from '@tanstack/react-router';
import { Megaphone } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/**
 * "Das wäre was für unsere Kanäle": opens the story suggestion, prefilled with a post's link and
 * text. Shown in every post's menu and next to the composer.
 */
export function SuggestStoryLink({
  link,
  text,
  className,
}: {
  link?: string;
  text?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <Link
      to="/social/suggest"
      search={{
        link: link ? new URL(link, window.location.origin).href : undefined,
        text: text || undefined,
      }}
      className={className ?? 'link-button'}
    >
      <Megaphone size={16} aria-hidden="true" /> {t('social.suggestForChannels')}
    </Link>
  );
}
