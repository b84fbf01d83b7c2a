type Locale = 'de' | 'en';

const pick = (locale: string | null | undefined): Locale => (locale === 'en' ? 'en' : 'de');

export function invitationMail(
  locale: string | null,
  p: { organisation: string; inviter: string; url: string },
) {
  return pick(locale) === 'en'
    ? {
        subject: `${p.inviter} invites you to ${p.organisation} on Kantine`,
        text: `Hello,\n\n${p.inviter} has invited you to join ${p.organisation} on Kantine, our intranet.\n\nOpen this link to set your name and password:\n${p.url}\n\nThe link works once and expires in 14 days.\n`,
      }
    : {
        subject: `${p.inviter} lädt dich zu ${p.organisation} auf Kantine ein`,
        text: `Hallo,\n\n${p.inviter} hat dich zu ${p.organisation} auf Kantine eingeladen, unserem Intranet.\n\nÖffne diesen Link, um deinen Namen und dein Passwort festzulegen:\n${p.url}\n\nDer Link funktioniert einmal und läuft nach 14 Tagen ab.\n`,
      };
}

export function passwordResetMail(locale: string | null, p: { organisation: string; url: string }) {
  return pick(locale) === 'en'
    ? {
        subject: `Reset your ${p.organisation} password`,
        text: `Hello,\n\nsomeone asked to reset the password of your Kantine account at ${p.organisation}.\n\nOpen this link to choose a new password:\n${p.url}\n\nThe link works once and expires in one hour. If this was not you, ignore this mail.\n`,
      }
    : {
        subject: `Passwort für ${p.organisation} zurücksetzen`,
        text: `Hallo,\n\njemand möchte das Passwort deines Kantine-Kontos bei ${p.organisation} zurücksetzen.\n\nÖffne diesen Link, um ein neues Passwort zu wählen:\n${p.url}\n\nDer Link funktioniert einmal und läuft nach einer Stunde ab. Warst du das nicht, ignoriere diese Mail einfach.\n`,
      };
}
