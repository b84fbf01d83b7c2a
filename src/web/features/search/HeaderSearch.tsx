import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Search } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/api/search';
import { searchApi, searchKeys } from './queries';
import { HitIcon, hitMeta, Snippet } from './SearchHitView';
import './search.css';

const groups = ['people', 'spaces', 'posts', 'files', 'hashtags'] as const;

/** The search box in the header: suggestions grouped by kind while typing; Enter opens all results. */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const suggestions = useQuery({
    queryKey: searchKeys.suggestions(debounced),
    queryFn: () => searchApi.suggestions(debounced),
    enabled: debounced.length >= 2,
    placeholderData: (previous) => previous,
  });
  const hits: SearchHit[] = suggestions.data ? groups.flatMap((group) => suggestions.data[group]) : [];
  const showList = open && debounced.length >= 2 && suggestions.data !== undefined;

  function go(url: string) {
    setOpen(false);
    setText('');
    void navigate({ href: url });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (active >= 0 && hits[active]) return go(hits[active].url);
    if (!text.trim()) return;
    setOpen(false);
    void navigate({ to: '/search', search: { q: text.trim() } });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (!showList || hits.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) =>
        event.key === 'ArrowDown' ? (index + 1) % hits.length : (index - 1 + hits.length) % hits.length,
      );
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  }

  let index = -1;
  return (
    <search className="header-search">
      <form onSubmit={submit}>
        <label htmlFor={`${listId}-input`} className="visually-hidden">
          {t('search.label')}
        </label>
        <Search size={18} aria-hidden="true" className="header-search-icon" />
        <input
          id={`${listId}-input`}
          type="search"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
        />
      </form>
      <div
        id={listId}
        role="listbox"
        className="search-popup"
        hidden={!showList}
        aria-label={t('search.suggestions')}
      >
        {hits.length === 0 ? (
          <p className="muted search-empty">{t('search.noSuggestions')}</p>
        ) : (
          groups.map((group) =>
            suggestions.data && suggestions.data[group].length > 0 ? (
              // biome-ignore lint/a11y/useSemanticElements: ARIA groups options inside a listbox; a fieldset would not belong there.
              <div key={group} role="group" aria-label={t(`search.groups.${group}`)}>
                <p className="search-group-title" aria-hidden="true">
                  {t(`search.groups.${group}`)}
                </p>
                {suggestions.data[group].map((hit) => {
                  index++;
                  const position = index;
                  return (
                    <div
                      key={`${hit.type}-${hit.id}`}
                      id={`${listId}-${position}`}
                      role="option"
                      tabIndex={-1}
                      aria-selected={position === active}
                      className={position === active ? 'search-option active' : 'search-option'}
                      onMouseDown={(event) => {
                        event.preventDefault();
                        go(hit.url);
                      }}
                    >
                      <HitIcon hit={hit} size={28} />
                      <span className="search-option-text">
                        <strong>{hit.title}</strong>
                        {hit.snippet && hit.type !== 'person' && hit.type !== 'space' ? (
                          <Snippet html={hit.snippet} />
                        ) : (
                          <small className="muted">{hitMeta(t, hit)}</small>
                        )}
                      </span>
                    </div>
                  );
                })}
              </div>
            ) : null,
          )
        )}
      </div>
    </search>
  );
}
