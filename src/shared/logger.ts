import pino, { type Logger } from 'pino';

/**
 * Creates the process logger: JSON lines on stdout. Cookie and CSRF headers, and
 * password and csrfToken fields at the top level or one level down, are redacted.
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
