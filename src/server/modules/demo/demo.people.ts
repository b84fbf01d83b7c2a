/** A believable German mid-sized company: departments, heads, teams, locations and short "about" texts. */
export interface DemoPerson {
  name: string;
  title: string;
  department: string;
  location: string;
  skills: string[];
  about: string;
  head?: boolean;
}

export const demoOrganisationName = 'Hansen Maschinenbau GmbH';
export const demoDomain = 'hansen-demo.de';

const d = (
  department: string,
  location: string,
  rows: Array<[string, string, string[], string, boolean?]>,
): DemoPerson[] =>
  rows.map(([name, title, skills, about, head]) => ({
    name,
    title,
    department,
    location,
    skills,
    about,
    head,
  }));

export const demoPeople: DemoPerson[] = [
  ...d('Geschäftsführung', 'Bielefeld', [
    [
      'Katrin Hansen',
      'Geschäftsführerin',
      ['Strategie', 'Führung'],
      'Dritte Generation im Familienunternehmen. Mein Büro steht offen – auch für Kritik.',
      true,
    ],
    [
      'Dr. Stefan Brüggemann',
      'Kaufmännischer Geschäftsführer',
      ['Finanzen', 'Controlling'],
      'Zahlen sind für mich Geschichten über Menschen und Maschinen.',
    ],
    [
      'Miriam Okafor',
      'Assistenz der Geschäftsführung',
      ['Organisation', 'Englisch'],
      'Ich weiß meistens, wer gerade wo ist. Fragt mich einfach.',
    ],
  ]),
  ...d('Vertrieb', 'Bielefeld', [
    [
      'Thomas Wegener',
      'Vertriebsleiter',
      ['Verhandlung', 'Key Account'],
      'Seit 18 Jahren bei Hansen. Spiele Handball in der Altherrenmannschaft.',
      true,
    ],
    [
      'Sabine Krüger',
      'Key Account Managerin',
      ['Automotive', 'SAP SD'],
      'Betreue unsere Kunden in Süddeutschland und bin daher oft unterwegs.',
    ],
    [
      'Jonas Lehmann',
      'Vertriebsinnendienst',
      ['Angebote', 'CRM'],
      'Angebote, Aufträge, Liefertermine – bei mir laufen die Fäden zusammen.',
    ],
    [
      'Aylin Demir',
      'Export-Managerin',
      ['Türkisch', 'Englisch', 'Zoll'],
      'Zuständig für unsere Märkte in der Türkei und im Nahen Osten.',
    ],
    [
      'Markus Schäfer',
      'Außendienst Nord',
      ['Landmaschinen', 'Service'],
      'Norddeutschland ist mein Revier. Kaffee schwarz, bitte.',
    ],
    [
      'Lena Voigt',
      'Vertriebsassistenz',
      ['Messen', 'Organisation'],
      'Plane unsere Messeauftritte – von der Agritechnica bis zur Hannover Messe.',
    ],
  ]),
  ...d('Marketing', 'Bielefeld', [
    [
      'Julia Brandt',
      'Leiterin Marketing & Kommunikation',
      ['Kommunikation', 'Social Media'],
      'Ich erzähle die Geschichten, die in dieser Firma passieren. Schickt mir eure!',
      true,
    ],
    [
      'Felix Neumann',
      'Grafikdesigner',
      ['Illustrator', 'Fotografie'],
      'Fotografiere unsere Maschinen so, dass sie gut aussehen – auch die alten.',
    ],
    [
      'Nele Petersen',
      'Online-Redakteurin',
      ['Texten', 'SEO', 'LinkedIn'],
      'Schreibe für Website, Newsroom und LinkedIn. Tippfehler-Hinweise willkommen.',
    ],
    [
      'Can Yilmaz',
      'Werkstudent Marketing',
      ['Video', 'Premiere'],
      'Studiere Medienwirtschaft in Bielefeld und schneide unsere Videos.',
    ],
  ]),
  ...d('Produktion', 'Leipzig', [
    [
      'Frank Zimmermann',
      'Werksleiter Leipzig',
      ['Lean Management', 'Arbeitssicherheit'],
      'Gelernter Industriemechaniker. Im Werk findet ihr mich eher in der Halle als im Büro.',
      true,
    ],
    [
      'Ralf Hoffmann',
      'Schichtleiter Montage',
      ['Montage', 'Hydraulik'],
      'Frühschicht-Mensch. Wer um 6 Uhr Fragen hat, bei mir richtig.',
    ],
    [
      'Anja Richter',
      'Qualitätsmanagerin',
      ['ISO 9001', 'Audits', '8D'],
      'Qualität ist kein Zufall. Ich freue mich über jede Verbesserungsidee.',
    ],
    [
      'Sven Lorenz',
      'CNC-Fräser',
      ['CNC', 'Heidenhain'],
      'Seit der Ausbildung hier. Angele in meiner Freizeit an der Mulde.',
    ],
    ['Daniel Krause', 'Schweißer', ['MAG', 'WIG'], 'Schweißfachmann und Betriebssanitäter.'],
    [
      'Marta Nowak',
      'Produktionsplanerin',
      ['SAP PP', 'Excel'],
      'Ich sorge dafür, dass das Material da ist, bevor es gebraucht wird.',
    ],
    [
      'Kevin Schulz',
      'Auszubildender Industriemechaniker',
      ['Pneumatik'],
      'Zweites Lehrjahr. Am liebsten bin ich in der Endmontage.',
    ],
    [
      'Olga Becker',
      'Logistik',
      ['Stapler', 'Versand'],
      'Versand und Wareneingang. Wenn ein Paket fehlt: ich finde es.',
    ],
    [
      'Hans-Peter Meier',
      'Instandhalter',
      ['Elektrik', 'SPS'],
      'Halte die Maschinen am Laufen, die unsere Maschinen bauen.',
    ],
  ]),
  ...d('Personal', 'Bielefeld', [
    [
      'Claudia Fischer',
      'Leiterin Personal',
      ['Arbeitsrecht', 'Recruiting'],
      'Personalerin aus Überzeugung. Meine Tür ist für alle offen.',
      true,
    ],
    [
      'Tim Hartmann',
      'Personalreferent',
      ['Lohnabrechnung', 'DATEV'],
      'Fragen zur Gehaltsabrechnung? Einfach vorbeikommen.',
    ],
    [
      'Sophie Wagner',
      'Ausbildungsleiterin',
      ['Ausbildung', 'Onboarding'],
      'Betreue unsere 14 Auszubildenden. Die Zukunft der Firma!',
    ],
  ]),
  ...d('IT', 'Bielefeld', [
    [
      'Michael Schmitt',
      'IT-Leiter',
      ['Netzwerk', 'Informationssicherheit'],
      'Ja, ich habe es schon aus- und wieder eingeschaltet.',
      true,
    ],
    [
      'Benjamin Koch',
      'Systemadministrator',
      ['Linux', 'Microsoft 365', 'Backup'],
      'Kümmere mich um Server, Backups und dieses Intranet.',
    ],
    ['Elif Arslan', 'SAP-Beraterin', ['SAP', 'ABAP'], 'Wenn SAP streikt, bin ich zur Stelle.'],
    [
      'Lukas Braun',
      'IT-Support',
      ['Support', 'Hardware'],
      'Erste Hilfe für Laptops, Drucker und Passwörter.',
    ],
  ]),
  ...d('Finanzen', 'Bielefeld', [
    [
      'Petra Schneider',
      'Leiterin Finanzen & Controlling',
      ['Controlling', 'Bilanz'],
      'Budgetfragen bitte bis zum 15. des Monats.',
      true,
    ],
    ['Andreas Wolf', 'Buchhalter', ['Kreditoren', 'DATEV'], 'Rechnungen bitte immer an rechnung@ – danke!'],
    [
      'Yvonne Schröder',
      'Controllerin',
      ['Kostenrechnung', 'Power BI'],
      'Baue Berichte, die man auch ohne BWL-Studium versteht.',
    ],
  ]),
  ...d('Kundenservice', 'Hamburg', [
    [
      'Jan Peters',
      'Leiter Kundenservice',
      ['Service', 'Ersatzteile'],
      'Unsere Kunden sollen nie länger als einen Tag auf ein Ersatzteil warten.',
      true,
    ],
    [
      'Maria Santos',
      'Servicetechnikerin',
      ['Inbetriebnahme', 'Portugiesisch'],
      'Unterwegs auf Baustellen in ganz Europa.',
    ],
    [
      'Nico Baumann',
      'Ersatzteilberater',
      ['Ersatzteile', 'SAP'],
      'Kenne jede Teilenummer seit 1998 – fast jede.',
    ],
    ['Svenja Albers', 'Hotline', ['Telefon', 'Englisch'], 'Die freundliche Stimme am Servicetelefon.'],
  ]),
  ...d('Entwicklung', 'Leipzig', [
    [
      'Dr. Christian Vogel',
      'Leiter Entwicklung',
      ['Konstruktion', 'Patente'],
      'Entwickle seit 20 Jahren Landmaschinen. Traktor-Oldtimer-Fan.',
      true,
    ],
    [
      'Laura Engel',
      'Konstrukteurin',
      ['SolidWorks', 'FEM'],
      'Konstruiere unsere neue Baureihe. Frage mich gern nach 3D-Druck.',
    ],
    ['Ömer Kaya', 'Elektronikentwickler', ['Embedded', 'CAN-Bus'], 'Bringe den Maschinen das Denken bei.'],
    [
      'Tobias Frank',
      'Softwareentwickler',
      ['C++', 'Python'],
      'Schreibe die Steuerungssoftware. Läuft auch bei Regen.',
    ],
    [
      'Hannah Simon',
      'Versuchsingenieurin',
      ['Messtechnik', 'Feldtests'],
      'Teste Prototypen auf dem Acker – bei jedem Wetter.',
    ],
  ]),
  ...d('Einkauf', 'Remote', [
    [
      'Georg Hahn',
      'Leiter Einkauf',
      ['Lieferanten', 'Verhandlung'],
      'Arbeite überwiegend von zu Hause in Detmold.',
      true,
    ],
    [
      'Ines Kühn',
      'Strategische Einkäuferin',
      ['Stahl', 'Rohstoffe'],
      'Beobachte den Stahlmarkt, damit ihr es nicht müsst.',
    ],
  ]),
];
