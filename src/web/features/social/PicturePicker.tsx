import { useTranslation } from 'react-i18next';
import type { Story } from '../../../shared/api/social';

type Picture = Story['pictures'][number];

/**
 * Choosing among a story's pictures: several with an alt text each (a channel post), or exactly one
 * (the picture a colleague is asked about). One component for both, so they look and behave alike.
 */
export function PicturePicker(
  props: {
    pictures: Picture[];
    legend: string;
    idPrefix: string;
  } & (
    | {
        mode: 'many';
        chosen: string[];
        onChosen: (chosen: string[]) => void;
        alts: Record<string, string>;
        onAlt: (fileId: string, alt: string) => void;
      }
    | { mode: 'one'; chosen: string; onChosen: (fileId: string) => void }
  ),
) {
  const { t } = useTranslation();
  if (props.pictures.length === 0) return null;
  return (
    <fieldset className="social-media-choice">
      <legend>{props.legend}</legend>
      {props.pictures.map((picture, index) => (
        <div key={picture.fileId} className="social-media-item">
          <span className="social-media-pick">
            {props.mode === 'many' ? (
              <input
                id={`${props.idPrefix}-picture-${index}`}
                type="checkbox"
                aria-label={t('social.usePicture', { number: index + 1 })}
                checked={props.chosen.includes(picture.fileId)}
                onChange={(event) =>
                  props.onChosen(
                    event.target.checked
                      ? [...props.chosen, picture.fileId]
                      : props.chosen.filter((id) => id !== picture.fileId),
                  )
                }
              />
            ) : (
              <input
                id={`${props.idPrefix}-picture-${index}`}
                type="radio"
                name={`${props.idPrefix}-picture`}
                aria-label={t('social.choosePicture', { number: index + 1 })}
                checked={props.chosen === picture.fileId}
                onChange={() => props.onChosen(picture.fileId)}
              />
            )}{' '}
            <label htmlFor={`${props.idPrefix}-picture-${index}`}>
              <img src={picture.url} alt="" />
            </label>
          </span>
          {props.mode === 'many' && (
            <div className="field">
              <label htmlFor={`${props.idPrefix}-alt-${index}`}>{t('social.altText')}</label>
              <input
                id={`${props.idPrefix}-alt-${index}`}
                value={props.alts[picture.fileId] ?? ''}
                onChange={(event) => props.onAlt(picture.fileId, event.target.value)}
              />
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}
