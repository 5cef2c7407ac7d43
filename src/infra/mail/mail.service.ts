import { Global, Injectable, Logger, Module } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail through SMTP_URL (e.g. smtp://user:pass@mail.example.org:587). Without it, mails
 * are written to the log, so a lab without a mail server still works. `sent` keeps the last mails
 * for tests and for a manager to check.
 */
@Injectable()
export class MailService {
  private readonly log = new Logger('Mail');
  private readonly transport: Transporter | null;
  private readonly from: string;
  readonly sent: Mail[] = [];

  constructor() {
    const url = process.env.SMTP_URL;
    this.transport = url ? nodemailer.createTransport(url) : null;
    this.from = process.env.MAIL_FROM ?? 'Fablab <no-reply@fablab.local>';
  }

  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
    if (this.sent.length > 100) this.sent.shift();
    if (!this.transport) {
      this.log.log(`mail (no SMTP_URL) to ${mail.to}: ${mail.subject}`);
      return;
    }
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }
}

@Global()
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
