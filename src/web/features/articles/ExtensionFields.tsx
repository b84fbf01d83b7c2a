import { useCallback } from 'react';
import type { Article } from '../../../shared/api/articles';
import { type ComposerExtension, extensionsOf } from '../kinds';

/**
 * The fields other kinds add to articles (a poll), each with its own editor from the kinds registry
 * (features/kinds.tsx). Hands the form each field's value: undefined leaves it as it is, null
 * removes it. A locked value (a poll with votes) is shown but never sent.
 */
export function ExtensionFields({
  article,
  kept = {},
  saved,
  onChange,
}: {
  article?: Article;
  /** Values the fields handed the form before the page was reloaded (the draft kept in the tab). */
  kept?: Record<string, unknown>;
  /** Whether the article exists already (being edited, or saved once from this form). */
  saved: boolean;
  onChange: (field: string, value: unknown) => void;
}) {
  return extensionsOf('article').map((extension) => (
    <ExtensionSlot
      key={extension.field}
      extension={extension}
      initial={(article as Record<string, unknown> | undefined)?.[extension.field] ?? undefined}
      kept={kept[extension.field]}
      editing={saved}
      onChange={onChange}
    />
  ));
}

function ExtensionSlot({
  extension,
  initial,
  kept,
  editing,
  onChange,
}: {
  extension: ComposerExtension;
  initial: unknown;
  /** undefined: nothing kept; null: the field was taken away before the reload. */
  kept: unknown;
  editing: boolean;
  onChange: (field: string, value: unknown) => void;
}) {
  const { field, Editor } = extension;
  const locked = initial !== undefined && (extension.locked?.(initial) ?? false);
  const change = useCallback(
    (value: unknown) => {
      if (locked) return;
      // While editing, a field taken away is removed (null); a new article simply leaves it out.
      onChange(field, value === undefined && editing ? null : value);
    },
    [field, onChange, locked, editing],
  );
  const start = locked || kept === undefined ? initial : (kept ?? undefined);
  return <Editor onChange={change} initial={start} locked={locked} />;
}
