export type LogFields = Record<string, unknown>;

/** Structured logger port; core code never calls `console`. */
export type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Writes one JSON line per entry through `write` (stdout on Node, console on Workers). */
export function createJsonLogger(write: (line: string) => void, base: LogFields = {}): Logger {
  const log =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      write(
        JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...base, ...fields }),
      );
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
