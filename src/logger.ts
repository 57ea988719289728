import pino, { type Logger } from 'pino';

/** One pino logger for the process: JSON lines, pretty only when a person watches a TTY. */
export function createLogger(level: string, name = 'paper-search'): Logger {
  const pretty = process.stderr.isTTY && process.env.NODE_ENV !== 'production';
  return pino(
    { name, level, redact: ['req.headers.authorization', 'headers.authorization'] },
    pretty
      ? pino.transport({
          target: 'pino-pretty',
          options: { destination: 2, translateTime: 'SYS:HH:MM:ss' },
        })
      : pino.destination(2),
  );
}
