import type { QuestionInput } from '../../../shared/api/surveys.js';

type Locale = 'de' | 'en';
type Texts = Record<Locale, string>;

interface Template {
  id: string;
  title: Texts;
  description: Texts;
  anonymous: boolean;
  questions: Array<
    Omit<QuestionInput, 'text' | 'options' | 'rows'> & {
      text: Texts;
      options?: Texts[];
      rows?: Texts[];
    }
  >;
}

const agreement: Texts[] = [
  { de: 'Stimme voll zu', en: 'Strongly agree' },
  { de: 'Stimme eher zu', en: 'Agree' },
  { de: 'Teils, teils', en: 'Neutral' },
  { de: 'Stimme eher nicht zu', en: 'Disagree' },
  { de: 'Stimme gar nicht zu', en: 'Strongly disagree' },
];

const templates: Template[] = [
  {
    id: 'pulse',
    title: { de: 'Pulsbefragung', en: 'Pulse check' },
    description: {
      de: 'Fünf kurze Fragen dazu, wie es uns gerade geht. Anonym, dauert zwei Minuten.',
      en: 'Five short questions about how we are doing right now. Anonymous, takes two minutes.',
    },
    anonymous: true,
    questions: [
      {
        type: 'scale',
        min: 1,
        max: 5,
        required: true,
        text: {
          de: 'Wie zufrieden bist du zurzeit mit deiner Arbeit?',
          en: 'How satisfied are you with your work at the moment?',
        },
      },
      {
        type: 'matrix',
        text: { de: 'Wie sehr stimmst du zu?', en: 'How much do you agree?' },
        options: agreement,
        rows: [
          { de: 'Ich weiß, was von mir erwartet wird.', en: 'I know what is expected of me.' },
          { de: 'Meine Arbeitsbelastung ist angemessen.', en: 'My workload is reasonable.' },
          { de: 'Ich fühle mich im Team wohl.', en: 'I feel comfortable in my team.' },
        ],
      },
      {
        type: 'nps',
        text: {
          de: 'Wie wahrscheinlich ist es, dass du uns als Arbeitgeber weiterempfiehlst?',
          en: 'How likely are you to recommend us as an employer?',
        },
      },
      {
        type: 'text',
        text: { de: 'Was sollten wir als Nächstes verbessern?', en: 'What should we improve next?' },
      },
    ],
  },
  {
    id: 'onboarding',
    title: { de: 'Feedback zum Onboarding', en: 'Onboarding feedback' },
    description: {
      de: 'Wie war dein Start bei uns? Deine Antworten helfen den nächsten neuen Kolleginnen und Kollegen.',
      en: 'How was your start with us? Your answers help the next new colleagues.',
    },
    anonymous: true,
    questions: [
      {
        type: 'scale',
        min: 1,
        max: 5,
        required: true,
        text: {
          de: 'Wie gut hast du dich in den ersten Wochen aufgenommen gefühlt?',
          en: 'How welcome did you feel in your first weeks?',
        },
      },
      {
        type: 'multiple',
        text: { de: 'Was hat dir beim Einstieg geholfen?', en: 'What helped you get started?' },
        options: [
          { de: 'Meine Patin / mein Pate', en: 'My buddy' },
          { de: 'Die Einarbeitungsunterlagen', en: 'The onboarding documents' },
          { de: 'Mein Team', en: 'My team' },
          { de: 'Meine Führungskraft', en: 'My manager' },
        ],
      },
      {
        type: 'single',
        text: {
          de: 'War dein Arbeitsplatz am ersten Tag startklar?',
          en: 'Was your workplace ready on your first day?',
        },
        options: [
          { de: 'Ja, vollständig', en: 'Yes, completely' },
          { de: 'Teilweise', en: 'Partly' },
          { de: 'Nein', en: 'No' },
        ],
      },
      {
        type: 'text',
        text: {
          de: 'Was hätte dir den Start leichter gemacht?',
          en: 'What would have made your start easier?',
        },
      },
    ],
  },
  {
    id: 'event',
    title: { de: 'Feedback zur Veranstaltung', en: 'Event feedback' },
    description: {
      de: 'Danke fürs Dabeisein! Sag uns, was gut war und was wir besser machen können.',
      en: 'Thanks for coming! Tell us what went well and what we can do better.',
    },
    anonymous: false,
    questions: [
      {
        type: 'scale',
        min: 1,
        max: 5,
        required: true,
        text: {
          de: 'Wie hat dir die Veranstaltung insgesamt gefallen?',
          en: 'How did you like the event overall?',
        },
      },
      {
        type: 'single',
        text: { de: 'Wie war die Länge?', en: 'How was the length?' },
        options: [
          { de: 'Zu kurz', en: 'Too short' },
          { de: 'Genau richtig', en: 'Just right' },
          { de: 'Zu lang', en: 'Too long' },
        ],
      },
      {
        type: 'nps',
        text: {
          de: 'Würdest du beim nächsten Mal wieder teilnehmen?',
          en: 'Would you come again next time?',
        },
      },
      { type: 'text', text: { de: 'Was nimmst du mit?', en: 'What is your main takeaway?' } },
    ],
  },
];

/** The templates in one language, ready to be sent back as the questions of a new survey. */
export function surveyTemplates(locale: Locale) {
  return templates.map((t) => ({
    id: t.id,
    title: t.title[locale],
    description: t.description[locale],
    anonymous: t.anonymous,
    questions: t.questions.map(
      ({ text, options, rows, ...rest }): QuestionInput => ({
        ...rest,
        text: text[locale],
        ...(options ? { options: options.map((o) => ({ text: o[locale] })) } : {}),
        ...(rows ? { rows: rows.map((r) => ({ text: r[locale] })) } : {}),
      }),
    ),
  }));
}
