import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../../test/helpers/errors.js';
import { isDomainError, type DomainError } from '../../shared/errors.js';
import { sendShipmentMail, smtpConfigFromEnv } from './mailer.js';
import { renderShipmentMail } from './notification.js';

// Sends through a real SMTP server (the smtp-server package) that the test starts on
// 127.0.0.1 at a free port, without TLS, and reads back what it received.

/** One message as the server received it: the envelope sender and recipients, and the raw message. */
interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

interface TestServer {
  port: number;
  received: ReceivedMail[];
  logins: Array<{ username: string; password: string }>;
  close: () => Promise<void>;
}

const openServers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});

async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<TestServer> {
  const received: ReceivedMail[] = [];
  const logins: TestServer['logins'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  const testServer: TestServer = {
    port,
    received,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  openServers.push(testServer);
  return testServer;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_word, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_hex, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

/** Splits a received message into unfolded headers (lower-case names) and its decoded text body. */
function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }

  const encoded = raw.slice(split + 4);
  const transfer = headers.get('content-transfer-encoding')?.toLowerCase();
  let bytes: Buffer;
  if (transfer === 'base64') bytes = Buffer.from(encoded.replace(/\s+/g, ''), 'base64');
  else if (transfer === 'quoted-printable') {
    bytes = Buffer.from(encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_hex, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  } else bytes = Buffer.from(encoded, 'utf8');
  return { headers, body: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

/** Creates a pino logger that keeps its JSON lines in memory. */
function memoryLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

async function rejectionOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a domain error');
}

const MAIL = renderShipmentMail(
  {
    shop: { name: 'ジュエリーつなぐ', email: 'shop@example.jp', phone: '03-1234-5678', url: null },
    buyerName: '佐藤 一郎',
    orderNumbers: ['R-100001'],
    carrier: 'yamato',
    trackingNumber: '123456789014',
    recipient: { name: '佐藤 一郎', company: null, postalCode: '530-0001', prefecture: '大阪府', address1: '大阪市北区梅田1-1-1', address2: null },
    items: [{ name: 'K18 ダイヤモンド リング', quantity: 1, unitPrice: 120_000 }],
    gift: false,
  },
  'ja',
);

describe('smtpConfigFromEnv', () => {
  it('returns null when unset', () => {
    expect(smtpConfigFromEnv({})).toBeNull();
    expect(smtpConfigFromEnv({ TSUNAGU_SMTP_URL: ' ', TSUNAGU_MAIL_FROM: '' })).toBeNull();
  });

  it('reads URL and sender', () => {
    const env = { TSUNAGU_SMTP_URL: 'smtps://user:pass@smtp.example.jp:465', TSUNAGU_MAIL_FROM: 'つなぐ <shop@example.jp>' };

    expect(smtpConfigFromEnv(env)).toEqual({ url: 'smtps://user:pass@smtp.example.jp:465', from: 'つなぐ <shop@example.jp>' });
  });

  it('names the missing variable', () => {
    const missingFrom = domainErrorOf(() => smtpConfigFromEnv({ TSUNAGU_SMTP_URL: 'smtp://127.0.0.1:2525' }));
    expect(missingFrom.code).toBe('mail_not_configured');
    expect(missingFrom.messages.ja).toContain('TSUNAGU_MAIL_FROM');
    expect(missingFrom.messages.en).toContain('TSUNAGU_MAIL_FROM');

    const missingUrl = domainErrorOf(() => smtpConfigFromEnv({ TSUNAGU_MAIL_FROM: 'shop@example.jp' }));
    expect(missingUrl.code).toBe('mail_not_configured');
    expect(missingUrl.messages.en).toContain('TSUNAGU_SMTP_URL');
  });

  it('rejects other protocols without the password', () => {
    for (const url of ['http://user:hunter2@smtp.example.jp', 'not a url hunter2']) {
      const error = domainErrorOf(() => smtpConfigFromEnv({ TSUNAGU_SMTP_URL: url, TSUNAGU_MAIL_FROM: 'shop@example.jp' }));

      expect(error.code).toBe('mail_config_invalid');
      expect(error.messages.ja).toContain('TSUNAGU_SMTP_URL');
      expect(error.messages.ja).not.toContain('hunter2');
      expect(error.messages.en).not.toContain('hunter2');
    }
  });
});

describe('sendShipmentMail', () => {
  it('delivers Japanese text in UTF-8', async () => {
    const server = await startServer();
    const { logger, lines } = memoryLogger();

    const result = await sendShipmentMail(
      { url: `smtp://127.0.0.1:${server.port}`, from: 'ジュエリーつなぐ <shop@example.jp>' },
      { to: 'buyer@example.com', subject: MAIL.subject, text: MAIL.text, replyTo: 'support@example.jp' },
      logger,
    );

    expect(result.messageId).toMatch(/^<.+@.+>$/);
    expect(server.received).toHaveLength(1);
    const received = server.received[0]!;
    expect(received.from).toBe('shop@example.jp');
    expect(received.to).toEqual(['buyer@example.com']);

    const { headers, body } = parseMail(received.raw);
    expect(headers.get('to')).toBe('buyer@example.com');
    expect(headers.get('reply-to')).toBe('support@example.jp');
    expect(headers.get('message-id')).toBe(result.messageId);
    expect(headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/i);
    expect(decodeHeader(headers.get('subject')!)).toBe('【ジュエリーつなぐ】商品発送のお知らせ（ご注文番号 R-100001）');
    expect(decodeHeader(headers.get('from')!)).toBe('ジュエリーつなぐ <shop@example.jp>');
    expect(body.trimEnd()).toBe(MAIL.text.trimEnd());
    expect(body).toContain('ご注文の商品を本日発送いたしました');

    expect(lines.join('')).toContain(`127.0.0.1:${server.port}`);
  });

  it('signs in with URL credentials', async () => {
    const server = await startServer({ allowInsecureAuth: true });
    const { logger, lines } = memoryLogger();

    await sendShipmentMail(
      { url: `smtp://shop%40example.jp:p%40ss%20w0rd@127.0.0.1:${server.port}`, from: 'shop@example.jp' },
      { to: 'buyer@example.com', subject: MAIL.subject, text: MAIL.text },
      logger,
    );

    expect(server.logins).toEqual([{ username: 'shop@example.jp', password: 'p@ss w0rd' }]);
    expect(server.received).toHaveLength(1);
    expect(lines.join('')).not.toContain('p@ss');
    expect(lines.join('')).not.toContain('p%40ss');
  });

  it('wraps a failed send', async () => {
    const server = await startServer();
    const port = server.port;
    await openServers.splice(0)[0]!.close();
    const { logger, lines } = memoryLogger();

    const error = await rejectionOf(
      sendShipmentMail(
        { url: `smtp://shopuser:s3cret-Passw0rd@127.0.0.1:${port}`, from: 'shop@example.jp' },
        { to: 'buyer@example.com', subject: MAIL.subject, text: MAIL.text },
        logger,
      ),
    );

    expect(error.code).toBe('mail_send_failed');
    expect(error.kind).toBe('internal');
    for (const message of [error.message, error.messages.ja, error.messages.en]) {
      expect(message).toContain('buyer@example.com');
      expect(message).toContain(`127.0.0.1:${port}`);
      expect(message).not.toContain('s3cret-Passw0rd');
    }
    expect(error.details).toEqual({ code: 'ESOCKET' });
    expect(error.messages.en).toContain('ECONNREFUSED');
    expect(lines.join('')).toContain('shipment mail failed');
    expect(lines.join('')).not.toContain('s3cret-Passw0rd');
  });
});
