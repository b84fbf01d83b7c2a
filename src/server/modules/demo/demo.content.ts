/** Spaces, posts and conversations of the demo company, so that a first look feels like a living company. */
export interface DemoSpace {
  key: string;
  name: string;
  description: string;
  color: string;
  visibility: 'public' | 'private' | 'secret';
  /** Departments whose people are members; `all` for everyone. */
  departments: string[] | 'all';
  admin: string;
  extraMembers?: string[];
}

export const demoSpaces: DemoSpace[] = [
  {
    key: 'vertrieb',
    name: 'Vertrieb',
    description: 'Angebote, Kundenbesuche, Messen – alles rund um den Verkauf.',
    color: '#1f6feb',
    visibility: 'public',
    departments: ['Vertrieb', 'Marketing'],
    admin: 'Thomas Wegener',
  },
  {
    key: 'werk',
    name: 'Werk Leipzig',
    description: 'Neuigkeiten aus Produktion, Logistik und Qualität in Leipzig.',
    color: '#b35900',
    visibility: 'public',
    departments: ['Produktion', 'Entwicklung'],
    admin: 'Frank Zimmermann',
  },
  {
    key: 'it',
    name: 'IT-Hilfe',
    description: 'Fragen zu Laptop, Drucker, SAP und Passwörtern. Keine Frage ist zu klein.',
    color: '#6f42c1',
    visibility: 'public',
    departments: ['IT'],
    admin: 'Michael Schmitt',
    extraMembers: ['Jonas Lehmann', 'Olga Becker', 'Petra Schneider'],
  },
  {
    key: 'laufen',
    name: 'Laufgruppe',
    description: 'Dienstags 18 Uhr am Obersee. Jedes Tempo willkommen!',
    color: '#2f7a3b',
    visibility: 'public',
    departments: [],
    admin: 'Sophie Wagner',
    extraMembers: ['Jonas Lehmann', 'Laura Engel', 'Tim Hartmann', 'Aylin Demir', 'Kevin Schulz'],
  },
  {
    key: 'kantine',
    name: 'Mittagspause',
    description: 'Wer geht mit zum Mittag? Rezepte, Tipps und der Speiseplan der Woche.',
    color: '#c2185b',
    visibility: 'public',
    departments: [],
    admin: 'Miriam Okafor',
    extraMembers: ['Felix Neumann', 'Nele Petersen', 'Andreas Wolf', 'Lukas Braun', 'Elif Arslan'],
  },
  {
    key: 'fuehrung',
    name: 'Führungskreis',
    description: 'Abstimmung der Bereichsleitungen. Nur für Mitglieder sichtbar.',
    color: '#5b6b2f',
    visibility: 'private',
    departments: [],
    admin: 'Katrin Hansen',
    extraMembers: [
      'Thomas Wegener',
      'Frank Zimmermann',
      'Claudia Fischer',
      'Michael Schmitt',
      'Petra Schneider',
      'Jan Peters',
      'Dr. Christian Vogel',
      'Georg Hahn',
    ],
  },
  {
    key: 'agrar',
    name: 'Projekt Feldwerk 2027',
    description: 'Die neue Baureihe. Vertraulich bis zur Agritechnica.',
    color: '#37474f',
    visibility: 'secret',
    departments: [],
    admin: 'Dr. Christian Vogel',
    extraMembers: ['Laura Engel', 'Ömer Kaya', 'Tobias Frank', 'Hannah Simon', 'Katrin Hansen'],
  },
];

export interface DemoPost {
  space: string;
  author: string;
  /** Hours before now. */
  hoursAgo: number;
  body: string;
  pinned?: boolean;
  comments?: Array<{ author: string; body: string; reply?: Array<{ author: string; body: string }> }>;
  reactions?: Array<[string, 'like' | 'love' | 'haha' | 'wow' | 'celebrate' | 'thanks']>;
}

const everyone = (type: 'like' | 'celebrate' | 'love' | 'thanks', names: string[]) =>
  names.map((name) => [name, type] as [string, typeof type]);

export const demoPosts: DemoPost[] = [
  {
    space: 'alle',
    author: 'Katrin Hansen',
    hoursAgo: 2,
    pinned: true,
    body: '**Willkommen in unserem neuen Intranet!** 🎉\n\nAb heute ersetzt Kantine die Rundmails und das schwarze Brett. Hier findet ihr:\n\n- Neuigkeiten aus allen Bereichen\n- eure Kolleginnen und Kollegen mit Foto und Kontakt\n- Spaces für Teams, Projekte und Hobbys\n\nVielen Dank an @benjamin.koch und das IT-Team für die Einrichtung! #Kantine #Willkommen',
    comments: [
      { author: 'Thomas Wegener', body: 'Endlich! Die Rundmails habe ich nicht vermisst 😄' },
      {
        author: 'Sophie Wagner',
        body: 'Super – unsere Azubis stellen sich hier nächste Woche vor.',
        reply: [{ author: 'Katrin Hansen', body: 'Da freue ich mich drauf!' }],
      },
      { author: 'Benjamin Koch', body: 'Gern geschehen. Fragen zum Intranet bitte in den Space IT-Hilfe.' },
    ],
    reactions: [
      ...everyone('celebrate', [
        'Thomas Wegener',
        'Sophie Wagner',
        'Benjamin Koch',
        'Julia Brandt',
        'Frank Zimmermann',
        'Anja Richter',
      ]),
      ...everyone('love', ['Miriam Okafor', 'Nele Petersen']),
      ['Kevin Schulz', 'like'],
    ],
  },
  {
    space: 'alle',
    author: 'Claudia Fischer',
    hoursAgo: 20,
    body: 'Erinnerung: Die **Weihnachtsfeier** findet am 12. Dezember ab 17 Uhr in der Halle 3 in Bielefeld statt. Busse aus Leipzig und Hamburg fahren um 13 Uhr. Anmeldung bis Freitag bei @miriam.okafor. #Weihnachtsfeier',
    comments: [
      { author: 'Ralf Hoffmann', body: 'Gibt es wieder Grünkohl?' },
      { author: 'Miriam Okafor', body: 'Ja – und eine vegetarische Variante!' },
    ],
    reactions: [
      ...everyone('like', ['Ralf Hoffmann', 'Sven Lorenz', 'Maria Santos', 'Jan Peters']),
      ...everyone('celebrate', ['Kevin Schulz', 'Can Yilmaz']),
    ],
  },
  {
    space: 'vertrieb',
    author: 'Sabine Krüger',
    hoursAgo: 5,
    body: 'Großer Erfolg bei der Landtechnik Süd GmbH: Auftrag über **12 Mähwerke** unterschrieben! Danke an @jonas.lehmann für das schnelle Angebot und an @frank.zimmermann für die Liefertermine. #Auftrag #Vertrieb',
    comments: [
      { author: 'Thomas Wegener', body: 'Klasse Arbeit, Sabine! 👏' },
      { author: 'Frank Zimmermann', body: 'Wir planen die Fertigung für KW 3 ein.' },
    ],
    reactions: [
      ...everyone('celebrate', [
        'Thomas Wegener',
        'Jonas Lehmann',
        'Katrin Hansen',
        'Aylin Demir',
        'Lena Voigt',
      ]),
      ['Frank Zimmermann', 'like'],
    ],
  },
  {
    space: 'vertrieb',
    author: 'Lena Voigt',
    hoursAgo: 48,
    body: 'Die Standfläche für die **Agritechnica 2027** ist gebucht: Halle 11, Stand B24. Wer Lust hat, am Stand zu unterstützen, meldet sich bitte bis Ende Januar bei mir. #Messe #Agritechnica',
    comments: [{ author: 'Can Yilmaz', body: 'Ich würde gern das Video für den Stand machen!' }],
    reactions: [
      ['Julia Brandt', 'like'],
      ['Can Yilmaz', 'love'],
    ],
  },
  {
    space: 'werk',
    author: 'Anja Richter',
    hoursAgo: 9,
    body: 'Das Überwachungsaudit nach **ISO 9001** ist bestanden – ohne eine einzige Abweichung! Danke an alle in Leipzig für die Vorbereitung. #Qualität #Audit',
    comments: [
      { author: 'Frank Zimmermann', body: 'Starke Leistung vom ganzen Team!' },
      { author: 'Marta Nowak', body: 'Und das trotz Inventur. 💪' },
    ],
    reactions: [
      ...everyone('celebrate', [
        'Frank Zimmermann',
        'Marta Nowak',
        'Ralf Hoffmann',
        'Sven Lorenz',
        'Katrin Hansen',
        'Hans-Peter Meier',
        'Olga Becker',
      ]),
    ],
  },
  {
    space: 'werk',
    author: 'Ralf Hoffmann',
    hoursAgo: 30,
    body: 'Kurze Info für die Frühschicht: Der **Hallenkran 2** wird am Donnerstag von 6 bis 9 Uhr gewartet. Bitte Kran 1 nutzen. Danke, @hans.peter.meier! #Instandhaltung',
    reactions: [
      ['Hans-Peter Meier', 'thanks'],
      ['Daniel Krause', 'like'],
    ],
  },
  {
    space: 'werk',
    author: 'Kevin Schulz',
    hoursAgo: 70,
    body: 'Mein erstes eigenes Werkstück aus der Ausbildungswerkstatt – ein Getriebedeckel, gefräst nach Zeichnung. Danke @sven.lorenz fürs Zeigen! #Ausbildung',
    comments: [
      { author: 'Sophie Wagner', body: 'Sehr schön geworden, Kevin!' },
      { author: 'Sven Lorenz', body: 'Die Toleranzen passen auch. 😉' },
    ],
    reactions: [
      ...everyone('love', ['Sophie Wagner', 'Sven Lorenz']),
      ...everyone('like', ['Frank Zimmermann', 'Daniel Krause', 'Olga Becker']),
    ],
  },
  {
    space: 'it',
    author: 'Michael Schmitt',
    hoursAgo: 12,
    body: 'Achtung vor **Phishing**: Im Moment kommen gefälschte Mails im Namen von „DHL Paketservice“. Bitte keine Links anklicken und verdächtige Mails an sicherheit@hansen-demo.de weiterleiten. #Sicherheit',
    comments: [{ author: 'Andreas Wolf', body: 'Habe heute auch zwei bekommen, danke für die Warnung!' }],
    reactions: [
      ['Andreas Wolf', 'thanks'],
      ['Petra Schneider', 'thanks'],
      ['Jonas Lehmann', 'like'],
    ],
  },
  {
    space: 'it',
    author: 'Olga Becker',
    hoursAgo: 26,
    body: 'Der Etikettendrucker im Versand druckt seit heute nur noch leere Etiketten. Hat jemand eine Idee?',
    comments: [
      {
        author: 'Lukas Braun',
        body: 'Ich komme gleich vorbei – vermutlich ist die Rolle falsch herum eingelegt.',
        reply: [{ author: 'Olga Becker', body: 'Das war es. Danke!' }],
      },
    ],
    reactions: [['Lukas Braun', 'haha']],
  },
  {
    space: 'laufen',
    author: 'Sophie Wagner',
    hoursAgo: 16,
    body: 'Heute 8 km bei Nieselregen – trotzdem waren wir zu sechst! Nächsten Dienstag wieder um 18 Uhr am Obersee. #Laufgruppe',
    comments: [{ author: 'Laura Engel', body: 'In Leipzig laufen wir parallel am Cospudener See mit 🏃‍♀️' }],
    reactions: [
      ...everyone('like', ['Jonas Lehmann', 'Tim Hartmann', 'Aylin Demir']),
      ['Laura Engel', 'love'],
    ],
  },
  {
    space: 'kantine',
    author: 'Miriam Okafor',
    hoursAgo: 3,
    body: 'Heute in der Kantine: **Linsensuppe** mit Würstchen oder vegan mit geröstetem Brot, danach Apfelstrudel. Guten Appetit! #Speiseplan',
    comments: [{ author: 'Felix Neumann', body: 'Der Apfelstrudel ist der beste in Ostwestfalen.' }],
    reactions: [
      ...everyone('love', ['Felix Neumann', 'Nele Petersen', 'Lukas Braun']),
      ['Andreas Wolf', 'like'],
    ],
  },
  {
    space: 'fuehrung',
    author: 'Katrin Hansen',
    hoursAgo: 22,
    body: 'Bitte bis Freitag die **Budgetplanung 2027** je Bereich an @petra.schneider. Wir besprechen sie in der Klausur am 9. Januar.',
    comments: [{ author: 'Jan Peters', body: 'Kundenservice kommt bis Donnerstag.' }],
    reactions: [['Petra Schneider', 'thanks']],
  },
  {
    space: 'agrar',
    author: 'Dr. Christian Vogel',
    hoursAgo: 40,
    body: 'Der erste Prototyp des **Feldwerk-Mähwerks** hat heute 200 Betriebsstunden im Feldtest geschafft. @hannah.simon hat die Messdaten im Projektordner abgelegt. #Feldwerk',
    comments: [
      { author: 'Hannah Simon', body: 'Der Verschleiß an den Messern liegt 30 % unter dem Vorgänger.' },
    ],
    reactions: [...everyone('celebrate', ['Laura Engel', 'Ömer Kaya', 'Tobias Frank', 'Katrin Hansen'])],
  },
];
