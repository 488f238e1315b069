import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import { mailErrors } from './mail-errors.js';

// Sends the shipment notification mail through the shop's SMTP server. The server is given as
// one URL in TSUNAGU_SMTP_URL, in nodemailer's form (smtp://user:pass@host:587 for plain SMTP
// with STARTTLS when the server offers it, smtps://user:pass@host:465 for TLS from the start).
// The URL carries the password, so it appears in no message and no log line; they name only
// the host and port.

export interface SmtpConfig {
  url: string;
  /** Sender address, e.g. "Shop <shop@example.jp>". */
  from: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  replyTo?: string;
}

const URL_VARIABLE = 'TSUNAGU_SMTP_URL';
const FROM_VARIABLE = 'TSUNAGU_MAIL_FROM';

/** "host:port" of an SMTP URL, with the protocol's default port when the URL names none. */
function serverOf(url: URL): string {
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  return `${url.hostname}:${port}`;
}

function parseSmtpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw mailErrors.mail_config_invalid({ variable: URL_VARIABLE, problemJa: 'URL として読めません', problemEn: 'it is not a URL' });
  }

  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw mailErrors.mail_config_invalid({
      variable: URL_VARIABLE,
      problemJa: `${url.protocol} ではなく smtp:// か smtps:// で始めてください`,
      problemEn: `it starts with ${url.protocol}; use smtp:// or smtps://`,
    });
  }
  if (url.hostname === '') throw mailErrors.mail_config_invalid({ variable: URL_VARIABLE, problemJa: 'ホスト名がありません', problemEn: 'it names no host' });
  return url;
}

/**
 * Reads the SMTP settings from the environment. Returns null when neither variable is set, so
 * the screen shows the mail text to copy. Raises mail_not_configured when only one of the two
 * is set and mail_config_invalid when the URL is not an smtp:// or smtps:// URL.
 */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const url = env[URL_VARIABLE]?.trim() ?? '';
  const from = env[FROM_VARIABLE]?.trim() ?? '';
  if (url === '' && from === '') return null;

  if (url === '') throw mailErrors.mail_not_configured({ variable: URL_VARIABLE });
  if (from === '') throw mailErrors.mail_not_configured({ variable: FROM_VARIABLE });
  parseSmtpUrl(url);
  return { url, from };
}

/**
 * Masks the URL's password in an error text. nodemailer 8 sends the password only in AUTH
 * commands and not in its error texts, so this guards against a server reply or a later
 * version quoting it. It masks every occurrence, even of a very short password.
 */
function withoutPassword(text: string, url: URL): string {
  let cleaned = text;
  for (const secret of new Set([url.password, decodeURIComponent(url.password)])) {
    if (secret !== '') cleaned = cleaned.split(secret).join('***');
  }
  return cleaned;
}

/**
 * Sends one plain-text mail through the configured SMTP server and returns the message id the
 * server accepted. Raises mail_send_failed, naming the recipient and the server's host and
 * port, when connecting, signing in or sending fails.
 */
export async function sendShipmentMail(config: SmtpConfig, message: OutgoingMail, logger?: Pick<FastifyBaseLogger, 'info' | 'warn'>): Promise<{ messageId: string }> {
  const url = parseSmtpUrl(config.url);
  const server = serverOf(url);
  const transport = nodemailer.createTransport(config.url);

  try {
    const info = await transport.sendMail({
      from: config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    });
    logger?.info({ smtpServer: server, messageId: info.messageId }, 'shipment mail sent');
    return { messageId: info.messageId };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = withoutPassword(error instanceof Error ? error.message : String(error), url);
    logger?.warn({ smtpServer: server, code, reason }, 'shipment mail failed');
    throw mailErrors.mail_send_failed({ to: message.to, server, reason }, { code: typeof code === 'string' ? code : null });
  } finally {
    transport.close();
  }
}
