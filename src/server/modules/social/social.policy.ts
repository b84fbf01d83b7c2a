import type { StoryRow } from '../../db/schema.js';

/** Who may do what on the social desk; `desk` is whether the viewer holds the desk right. */
export interface StoryViewer {
  id: number;
  desk: boolean;
  /** Asked for consent on (pictured in) this story. */
  pictured: boolean;
}

/**
 * The suggester, the desk and the colleagues pictured see a story and its pictures; once published
 * (its pictures are public on the company's channels then) every employee does, to share it.
 */
export const mayReadStory = (viewer: StoryViewer, story: Pick<StoryRow, 'author_id' | 'state'>) =>
  viewer.desk || viewer.pictured || story.author_id === viewer.id || story.state === 'published';

/** Only the desk moves stories through their states and plans them. */
export const mayTriageStory = (viewer: StoryViewer) => viewer.desk;

/** The suggester and the desk ask pictured people for their consent. */
export const mayRequestConsent = (viewer: StoryViewer, story: Pick<StoryRow, 'author_id'>) =>
  viewer.desk || story.author_id === viewer.id;

/** Signed forms of external people: the suggester and the desk only. */
export const mayReadConsentForm = (viewer: StoryViewer, story: Pick<StoryRow, 'author_id'>) =>
  viewer.desk || story.author_id === viewer.id;
