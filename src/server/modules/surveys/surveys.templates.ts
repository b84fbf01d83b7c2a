import type { QuestionInput } from '../../../shared/api/surveys.js';

type Locale = 'de' | 'en';

/*
 * The survey templates: their shape below, every text in one table with a German and an English
 * column. A template's title and description are `<id>.title` and `<id>.description`.
 */
// biome-ignore format: a table reads better one row per line
const labels = [
  // key, German, English
  ['agree.5', 'Stimme voll zu', 'Strongly agree'],
  ['agree.4', 'Stimme eher zu', 'Agree'],
  ['agree.3', 'Teils, teils', 'Neutral'],
  ['agree.2', 'Stimme eher nicht zu', 'Disagree'],
  ['agree.1', 'Stimme gar nicht zu', 'Strongly disagree'],

  ['pulse.title', 'Pulsbefragung', 'Pulse check'],
  ['pulse.description', 'Fünf kurze Fragen dazu, wie es uns gerade geht. Anonym, dauert zwei Minuten.', 'Five short questions about how we are doing right now. Anonymous, takes two minutes.'],
  ['pulse.satisfied', 'Wie zufrieden bist du zurzeit mit deiner Arbeit?', 'How satisfied are you with your work at the moment?'],
  ['pulse.agree', 'Wie sehr stimmst du zu?', 'How much do you agree?'],
  ['pulse.expectations', 'Ich weiß, was von mir erwartet wird.', 'I know what is expected of me.'],
  ['pulse.workload', 'Meine Arbeitsbelastung ist angemessen.', 'My workload is reasonable.'],
  ['pulse.team', 'Ich fühle mich im Team wohl.', 'I feel comfortable in my team.'],
  ['pulse.recommend', 'Wie wahrscheinlich ist es, dass du uns als Arbeitgeber weiterempfiehlst?', 'How likely are you to recommend us as an employer?'],
  ['pulse.improve', 'Was sollten wir als Nächstes verbessern?', 'What should we improve next?'],

  ['onboarding.title', 'Feedback zum Onboarding', 'Onboarding feedback'],
  ['onboarding.description', 'Wie war dein Start bei uns? Deine Antworten helfen den nächsten neuen Kolleginnen und Kollegen.', 'How was your start with us? Your answers help the next new colleagues.'],
  ['onboarding.welcome', 'Wie gut hast du dich in den ersten Wochen aufgenommen gefühlt?', 'How welcome did you feel in your first weeks?'],
  ['onboarding.helped', 'Was hat dir beim Einstieg geholfen?', 'What helped you get started?'],
  ['onboarding.buddy', 'Meine Patin / mein Pate', 'My buddy'],
  ['onboarding.documents', 'Die Einarbeitungsunterlagen', 'The onboarding documents'],
  ['onboarding.team', 'Mein Team', 'My team'],
  ['onboarding.manager', 'Meine Führungskraft', 'My manager'],
  ['onboarding.ready', 'War dein Arbeitsplatz am ersten Tag startklar?', 'Was your workplace ready on your first day?'],
  ['onboarding.completely', 'Ja, vollständig', 'Yes, completely'],
  ['onboarding.partly', 'Teilweise', 'Partly'],
  ['onboarding.no', 'Nein', 'No'],
  ['onboarding.easier', 'Was hätte dir den Start leichter gemacht?', 'What would have made your start easier?'],

  ['event.title', 'Feedback zur Veranstaltung', 'Event feedback'],
  ['event.description', 'Danke fürs Dabeisein! Sag uns, was gut war und was wir besser machen können.', 'Thanks for coming! Tell us what went well and what we can do better.'],
  ['event.overall', 'Wie hat dir die Veranstaltung insgesamt gefallen?', 'How did you like the event overall?'],
  ['event.length', 'Wie war die Länge?', 'How was the length?'],
  ['event.tooShort', 'Zu kurz', 'Too short'],
  ['event.justRight', 'Genau richtig', 'Just right'],
  ['event.tooLong', 'Zu lang', 'Too long'],
  ['event.again', 'Würdest du beim nächsten Mal wieder teilnehmen?', 'Would you come again next time?'],
  ['event.takeaway', 'Was nimmst du mit?', 'What is your main takeaway?'],
] as const;

type Key = (typeof labels)[number][0];
const column: Record<Locale, 1 | 2> = { de: 1, en: 2 };
const byKey = new Map<string, (typeof labels)[number]>(labels.map((row) => [row[0], row]));
const label = (key: Key, locale: Locale) => (byKey.get(key) as (typeof labels)[number])[column[locale]];

type TemplateQuestion = Omit<QuestionInput, 'text' | 'options' | 'rows'> & {
  text: Key;
  options?: Key[];
  rows?: Key[];
};

interface Template {
  id: 'pulse' | 'onboarding' | 'event';
  anonymous: boolean;
  questions: TemplateQuestion[];
}

const agreement: Key[] = ['agree.5', 'agree.4', 'agree.3', 'agree.2', 'agree.1'];

const templates: Template[] = [
  {
    id: 'pulse',
    anonymous: true,
    questions: [
      { type: 'scale', min: 1, max: 5, required: true, text: 'pulse.satisfied' },
      {
        type: 'matrix',
        text: 'pulse.agree',
        options: agreement,
        rows: ['pulse.expectations', 'pulse.workload', 'pulse.team'],
      },
      { type: 'nps', text: 'pulse.recommend' },
      { type: 'text', text: 'pulse.improve' },
    ],
  },
  {
    id: 'onboarding',
    anonymous: true,
    questions: [
      { type: 'scale', min: 1, max: 5, required: true, text: 'onboarding.welcome' },
      {
        type: 'multiple',
        text: 'onboarding.helped',
        options: ['onboarding.buddy', 'onboarding.documents', 'onboarding.team', 'onboarding.manager'],
      },
      {
        type: 'single',
        text: 'onboarding.ready',
        options: ['onboarding.completely', 'onboarding.partly', 'onboarding.no'],
      },
      { type: 'text', text: 'onboarding.easier' },
    ],
  },
  {
    id: 'event',
    anonymous: false,
    questions: [
      { type: 'scale', min: 1, max: 5, required: true, text: 'event.overall' },
      {
        type: 'single',
        text: 'event.length',
        options: ['event.tooShort', 'event.justRight', 'event.tooLong'],
      },
      { type: 'nps', text: 'event.again' },
      { type: 'text', text: 'event.takeaway' },
    ],
  },
];

/** The templates in one language, ready to be sent back as the questions of a new survey. */
export function surveyTemplates(locale: Locale) {
  return templates.map((template) => ({
    id: template.id,
    title: label(`${template.id}.title`, locale),
    description: label(`${template.id}.description`, locale),
    anonymous: template.anonymous,
    questions: template.questions.map(
      ({ text, options, rows, ...rest }): QuestionInput => ({
        ...rest,
        text: label(text, locale),
        ...(options ? { options: options.map((key) => ({ text: label(key, locale) })) } : {}),
        ...(rows ? { rows: rows.map((key) => ({ text: label(key, locale) })) } : {}),
      }),
    ),
  }));
}
