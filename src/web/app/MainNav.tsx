import { Link, useLocation } from '@tanstack/react-router';
import type { LucideIcon } from 'lucide-react';
import { MoreHorizontal } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './main-nav.css';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
}

/** How many entries a phone's bottom bar shows; the rest open from "Mehr". */
const ON_PHONE_BAR = 4;

function NavLink({ item }: { item: NavItem }) {
  return (
    <Link
      to={item.to}
      activeOptions={{ exact: item.to === '/' }}
      className="nav-link"
      activeProps={{ className: 'active', 'aria-current': 'page' }}
    >
      <item.icon size={20} aria-hidden="true" />
      <span>{item.label}</span>
    </Link>
  );
}

/**
 * The main navigation: a list on the left on wide screens; on phones a bottom bar with the first
 * entries and "Mehr", which opens the others above the bar.
 */
export function MainNav({ items }: { items: readonly NavItem[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [moreOpen, setMoreOpen] = useState(false);
  const menuId = useId();
  const more = items.slice(ON_PHONE_BAR);
  const moreActive = more.some((item) => pathname === item.to || pathname.startsWith(`${item.to}/`));

  // Going somewhere closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path change is the trigger.
  useEffect(() => setMoreOpen(false), [pathname]);
  useEffect(() => {
    if (!moreOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMoreOpen(false);
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [moreOpen]);

  return (
    <nav className="sidenav" aria-label={t('nav.main')}>
      <ul>
        {items.map((item, index) => (
          <li key={item.to} className={index >= ON_PHONE_BAR ? 'nav-beyond-bar' : undefined}>
            <NavLink item={item} />
          </li>
        ))}
        {more.length > 0 && (
          <li className="nav-more-entry">
            <button
              type="button"
              className={`nav-link nav-more${moreActive ? ' active' : ''}`}
              aria-expanded={moreOpen}
              aria-controls={menuId}
              onClick={() => setMoreOpen((open) => !open)}
            >
              <MoreHorizontal size={20} aria-hidden="true" />
              <span>{t('nav.more')}</span>
            </button>
          </li>
        )}
      </ul>
      {moreOpen && (
        <ul id={menuId} className="nav-more-menu">
          {more.map((item) => (
            <li key={item.to}>
              <NavLink item={item} />
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
