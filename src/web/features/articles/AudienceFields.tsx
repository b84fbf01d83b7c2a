import { useTranslation } from 'react-i18next';
import type { GuestCommentsMode } from '../../../shared/api/articles';
import type { Space } from '../../../shared/api/spaces';
import { Field } from '../../components/ui';
import type { Draft } from './articleDraft';
import '../stream/stream.css';
import './articles.css';

/** Who an article is for: must-read (everyone or chosen spaces, deadline), the public newsroom, guest comments. */
export function AudienceFields({
  draft,
  set,
  spaces,
  editorRole,
  deadlineError,
}: {
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
  spaces: Space[];
  editorRole: boolean;
  deadlineError?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('articles.audience')}</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.mustRead}
          onChange={(event) => set('mustRead', event.target.checked)}
        />
        {t('articles.markMustRead')}
      </label>
      {draft.mustRead && (
        <div className="nested">
          <p className="field-hint">{t('articles.mustReadAudienceHint')}</p>
          {!draft.spaceId &&
            spaces.map((space) => (
              <label key={space.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.mustReadSpaceIds.includes(space.id)}
                  onChange={(event) =>
                    set(
                      'mustReadSpaceIds',
                      event.target.checked
                        ? [...draft.mustReadSpaceIds, space.id]
                        : draft.mustReadSpaceIds.filter((id) => id !== space.id),
                    )
                  }
                />
                {space.name}
              </label>
            ))}
          <Field
            label={t('articles.deadline')}
            name="deadline"
            type="datetime-local"
            value={draft.deadline}
            onChange={(v) => set('deadline', v)}
            error={deadlineError}
          />
        </div>
      )}
      {editorRole && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.isPublic}
            onChange={(event) => set('isPublic', event.target.checked)}
          />
          {t('articles.alsoPublic')}
        </label>
      )}
      <div className="field">
        <label htmlFor="article-guests">{t('articles.guestComments')}</label>
        <select
          id="article-guests"
          value={draft.guestComments}
          onChange={(event) => set('guestComments', event.target.value as GuestCommentsMode)}
        >
          <option value="moderated">{t('articles.guestModerated')}</option>
          <option value="open">{t('articles.guestOpen')}</option>
          <option value="off">{t('articles.guestOff')}</option>
        </select>
      </div>
    </fieldset>
  );
}
