import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';
import type * as Nodemailer from 'nodemailer';

/** Loaded only when SMTP is configured (~15 MB and ~0.1 s at start otherwise). */
const loadNodemailer = () => createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when an SMTP server is configured, i.e. mail actually leaves the building. */
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from: string, log: FastifyBaseLogger): Mailer {
  if (!smtpUrl) {
    log.warn(
      'SMTP_URL is not set: mails are NOT sent but written to this log, links (password reset, invitations) included. Fine for trying Kantine out; set SMTP_URL in production.',
    );
    return {
      enabled: false,
      async send(message) {
        // Without SMTP the message (with its link) goes to the log, so a company can start without a mail server.
        log.info(
          { mail: { to: message.to, subject: message.subject } },
          `MAIL (not sent, no SMTP_URL) to ${message.to}: ${message.subject}\n----- mail text -----\n${message.text}\n----- end of mail -----`,
        );
      },
      close() {},
    };
  }
  const transport = loadNodemailer().createTransport(smtpUrl);
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
