import pino, { type Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout. Cookies, CSRF tokens and passwords are
 * redacted wherever they appear in logged requests or objects.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'tsunagu' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'password',
        '*.password',
        'csrfToken',
        '*.csrfToken',
      ],
      censor: '[redacted]',
    },
  });
}
