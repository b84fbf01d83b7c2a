/** Vocabulary for synthetic posts: everyday German and English company talk. */
export const germanWords = (
  'Auftrag Kunde Angebot Lieferung Termin Besprechung Projekt Messe Halle Maschine Ersatzteil Wartung Schicht Werk ' +
  'Qualität Prüfung Audit Team Kollegen Urlaub Feier Sommerfest Kantine Mittagessen Schulung Sicherheit Brandschutz ' +
  'Rechnung Budget Planung Woche Montag Freitag heute morgen gestern neu alt schnell wichtig danke bitte super toll ' +
  'Häuser Straße Büro Lager Versand Einkauf Vertrieb Marketing Personal Ausbildung Azubi Bewerbung Stelle Leitung ' +
  'Drucker Laptop Passwort Netzwerk Server Update Störung Meldung Frage Antwort Idee Vorschlag Verbesserung Ergebnis ' +
  'Zahlen Umsatz Ziel Erfolg Glückwunsch Geburtstag Jubiläum Kaffee Kuchen Parkplatz Fahrrad Zug Reise Besuch'
).split(' ');

export const englishWords = (
  'meeting customer order delivery schedule project fair machine spare part maintenance shift plant quality review ' +
  'audit team colleagues holiday party lunch training safety invoice budget planning week today tomorrow new old ' +
  'fast important thanks please great update issue question answer idea proposal improvement result numbers revenue ' +
  'goal success congratulations birthday coffee cake parking bike train travel visit report release feedback'
).split(' ');

export const hashtags = (
  'Auftrag Messe Qualität Sicherheit Sommerfest Kantine Ausbildung IT Vertrieb Werk Feierabend Danke Nachhaltigkeit ' +
  'Innovation Kundenservice Logistik Einkauf Marketing Personal Gesundheit Sport Laufgruppe Fahrrad Jubiläum ' +
  'Weihnachtsfeier Umzug Digitalisierung SAP Wartung Projekt Team Erfolg Idee Feedback Onboarding Urlaub Termin'
).split(' ');

export const firstNames = (
  'Anna Bernd Claudia Daniel Elif Frank Greta Hans Ines Jonas Katrin Lena Markus Nele Olga Paul Ralf Sabine Tim ' +
  'Ursula Volker Yvonne Zoe Ömer Jürgen Björn Maria Lukas Sophie Felix Can Aylin Sven Laura Tobias Hannah Georg Miriam'
).split(' ');

export const lastNames = (
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder Neumann ' +
  'Schwarz Braun Zimmermann Krüger Hartmann Lange Werner Krause Lehmann Köhler Maier Demir Yilmaz Kaya Nowak Peters'
).split(' ');

export const departments = [
  'Vertrieb',
  'Marketing',
  'Produktion',
  'Personal',
  'IT',
  'Finanzen',
  'Kundenservice',
  'Entwicklung',
  'Einkauf',
  'Logistik',
];
export const locations = ['Bielefeld', 'Leipzig', 'Hamburg', 'München', 'Remote'];
