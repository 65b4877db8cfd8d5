/** A minimal structured logger (one JSON line per entry) with a ring buffer of recent lines for staff. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
  recent(): string[];
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  options: { level?: LogLevel; write?: (line: string) => void; keep?: number } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const keep = options.keep ?? 200;
  const ring: string[] = [];
  const log =
    (level: LogLevel) =>
    (msg: string, extra: Record<string, unknown> = {}) => {
      if (ORDER[level] < min) return;
      const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...extra });
      ring.push(line);
      if (ring.length > keep) ring.shift();
      write(line);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), recent: () => [...ring] };
}

export const silentLogger = (): Logger => createLogger({ write: () => {} });
