import { useNavigate } from '@tanstack/react-router';
import type { MouseEvent } from 'react';
import './stream.css';

/**
 * Shows text the server rendered from the Markdown subset (raw HTML is escaped there, links are
 * limited to http(s)/mailto). Internal links — mentions, hashtags — navigate inside the app.
 */
export function RichText({ html, className = 'rich-text' }: { html: string; className?: string }) {
  const navigate = useNavigate();
  function onClick(event: MouseEvent<HTMLDivElement>) {
    const anchor = (event.target as HTMLElement).closest('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href?.startsWith('/') || event.metaKey || event.ctrlKey || event.button !== 0) return;
    event.preventDefault();
    void navigate({ to: href });
  }
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click only delegates to the real links inside, which keyboards reach.
    // biome-ignore lint/a11y/noStaticElementInteractions: see above.
    // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by the server with raw HTML disabled and only http(s)/mailto links.
    <div className={className} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
