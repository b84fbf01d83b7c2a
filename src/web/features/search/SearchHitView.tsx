import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { FileText, Hash, LayoutGrid, MessageCircle } from 'lucide-react';
import type { MouseEvent, ReactNode } from 'react';
import type { SearchHit } from '../../../shared/api/search';
import { Avatar } from '../../components/Avatar';
import './search.css';
import '../stream/stream.css';

/** Escaped on the server; only <mark> elements are added around matched words. */
export function Snippet({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the server escapes the text and adds only <mark>.
  return <span className="search-snippet" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function HitIcon({ hit, size }: { hit: SearchHit; size: number }) {
  if (hit.type === 'person' && hit.avatar) return <Avatar person={hit.avatar} size={size} />;
  const Icon =
    hit.type === 'space'
      ? LayoutGrid
      : hit.type === 'hashtag'
        ? Hash
        : hit.type === 'comment'
          ? MessageCircle
          : FileText;
  return (
    <span className="hit-icon" style={{ width: size, height: size }} aria-hidden="true">
      <Icon size={Math.round(size * 0.55)} />
    </span>
  );
}

/** A link to an in-app URL that may carry a query string (e.g. /spaces/3?tab=files). */
export function AppLink({
  href,
  className,
  children,
}: {
  href: string;
  className?: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.metaKey || event.ctrlKey || event.button !== 0) return;
    event.preventDefault();
    void navigate({ href });
  }
  return (
    <a href={href} className={className} onClick={onClick}>
      {children}
    </a>
  );
}

/** The line under a hit: people's titles, a space's visibility, how often a hashtag is used. */
export function hitMeta(t: TFunction, hit: SearchHit): string {
  if (hit.type === 'space') return hit.meta ? t(`spaces.visibilities.${hit.meta}`) : '';
  if (hit.type === 'hashtag')
    return hit.meta.endsWith('+')
      ? t('search.tagUsesAtLeast', { count: Number.parseInt(hit.meta, 10) })
      : t('search.tagUses', { count: Number(hit.meta) });
  return hit.meta;
}
