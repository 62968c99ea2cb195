import type { LogFields, Logger } from '@/core/logger';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** Human log lines (`12:00:01 warn message key=value`) at or above `minimum`. */
export function createPrettyLogger(write: (line: string) => void, minimum: Level): Logger {
  const log =
    (level: Level) =>
    (message: string, fields: LogFields = {}) => {
      if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) {
        return;
      }
      const time = new Date().toISOString().slice(11, 19);
      const extra = Object.entries(fields)
        .map(
          ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
        )
        .join(' ');
      write(`${time} ${level} ${message}${extra ? ` ${extra}` : ''}`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
