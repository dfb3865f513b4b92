import nodemailer from "nodemailer";
import type { Logger } from "pino";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one email; rejects when the SMTP server refuses it or cannot be reached. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerConfig {
  /** smtp:// or smtps:// URL, credentials included (env SMTP_URL); unset means no email is sent. */
  smtpUrl?: string;
  /** The From header, e.g. `Learnloop <no-reply@learnloop.app>` (env MAIL_FROM); required with smtpUrl. */
  from?: string;
}

/**
 * nodemailer over SMTP, or null when there is no SMTP URL (the embedded default has no SMTP
 * server): the email channel then records SKIPPED_NO_TRANSPORT.
 */
export function createMailer(config: MailerConfig, logger: Logger): Mailer | null {
  if (!config.smtpUrl) {
    logger.info("email channel off: SMTP_URL is unset, email deliveries are recorded as SKIPPED_NO_TRANSPORT");
    return null;
  }
  if (!config.from) throw new Error("MAIL_FROM is required when SMTP_URL is set");
  const transport = nodemailer.createTransport(
    { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from: config.from },
  );
  return {
    async send(email) {
      const info = await transport.sendMail({ to: email.to, subject: email.subject, text: email.text });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
