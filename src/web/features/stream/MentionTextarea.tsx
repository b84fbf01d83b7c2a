import { useQuery } from '@tanstack/react-query';
import {
  type ClipboardEvent,
  type KeyboardEvent,
  type RefObject,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { UserListItem } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { streamApi, streamKeys } from './queries';
import './stream.css';
import './Composer.css';

/** The word being typed right before the caret, if it is an @mention. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]{1,30})$/u.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

/**
 * A text field that suggests people while an @mention is typed (arrow keys, Enter or Tab to choose,
 * Escape to close): the composer of posts and the comment fields use the same one.
 */
export function MentionTextarea({
  id,
  value,
  onChange,
  textareaRef,
  pendingSelection,
  placeholder,
  rows,
  describedBy,
  invalid,
  autoFocus,
  onKeyDown,
  onPaste,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  /** Where the caret goes once the new text is written (set by formatting buttons). */
  pendingSelection?: RefObject<[number, number] | null>;
  placeholder?: string;
  rows?: number;
  describedBy?: string;
  invalid?: boolean;
  autoFocus?: boolean;
  /** Called for keys the suggestions do not use (e.g. Ctrl+Enter to send). */
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  onPaste?: (event: ClipboardEvent<HTMLTextAreaElement>) => void;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const textarea = textareaRef ?? ownRef;
  const ownSelection = useRef<[number, number] | null>(null);
  const selection = pendingSelection ?? ownSelection;
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = useQuery({
    queryKey: streamKeys.mention(mention?.query),
    queryFn: () => streamApi.mentionSuggestions(mention?.query ?? ''),
    enabled: mention !== null,
  });
  const options = mention ? (suggestions.data?.items ?? []) : [];

  // Set in the same commit as the new text, so fast typing never lands elsewhere.
  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element || !selection.current) return;
    element.focus();
    element.setSelectionRange(...selection.current);
    selection.current = null;
  });

  function choose(person: UserListItem) {
    if (!mention) return;
    const caret = textarea.current?.selectionStart ?? value.length;
    const position = mention.start + person.handle.length + 2;
    selection.current = [position, position];
    onChange(`${value.slice(0, mention.start)}@${person.handle} ${value.slice(caret)}`);
    setMention(null);
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (options.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(options[Math.min(active, options.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        setMention(null);
        return;
      }
    }
    onKeyDown?.(event);
  }

  return (
    <div className="mention-field">
      <textarea
        ref={textarea}
        id={id}
        value={value}
        rows={rows}
        placeholder={placeholder}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        aria-activedescendant={
          options.length > 0 ? `${listId}-${Math.min(active, options.length - 1)}` : undefined
        }
        onChange={(event) => {
          onChange(event.target.value);
          setMention(mentionAt(event.target.value, event.target.selectionStart));
          setActive(0);
        }}
        onKeyDown={keyDown}
        onPaste={onPaste}
        onBlur={() => setTimeout(() => setMention(null), 150)}
        // biome-ignore lint/a11y/noAutofocus: only reply fields, which open because the person asked to reply.
        autoFocus={autoFocus}
      />
      <div
        id={listId}
        role="listbox"
        className="mention-list"
        hidden={options.length === 0}
        aria-label={t('composer.mentionSuggestions')}
      >
        {options.map((person, index) => (
          <div
            key={person.id}
            id={`${listId}-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className={index === active ? 'active' : ''}
            onMouseDown={(event) => {
              event.preventDefault();
              choose(person);
            }}
          >
            <Avatar person={person} size={24} /> <strong>{person.name}</strong>{' '}
            <span className="muted">@{person.handle}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
