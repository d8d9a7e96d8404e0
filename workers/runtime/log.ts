/**
 * Log lines that say which process wrote them: `[worker risk pid=1234] warn: ...`. Warnings and errors also go to a
 * sink (the control channel) so the terminal's Log panel shows them. Repeated refusals are summarised, not repeated.
 */

export type LogLevel = 'info' | 'warn' | 'error';

/** A logger bound to one worker. */
export interface Logger {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** Sends warnings and errors here as well as to stderr. */
  setSink(sink: (level: LogLevel, text: string) => void): void;
}

/** A logger for `worker`; prefix lines with its name and pid. */
export function createLogger(worker: string): Logger {
  const prefix = `[worker ${worker} pid=${process.pid}]`;
  let sink: ((level: LogLevel, text: string) => void) | undefined;
  const write = (level: LogLevel, text: string): void => {
    process.stderr.write(`${prefix} ${level}: ${text}\n`);
    if (level !== 'info') sink?.(level, text);
  };
  return {
    info: (text) => write('info', text),
    warn: (text) => write('warn', text),
    error: (text) => write('error', text),
    setSink: (next) => {
      sink = next;
    },
  };
}

/** Lets the first few of a kind of message through each minute, then counts the rest into one line. */
export class RateLimitedLog {
  private windowStart = 0;
  private shown = 0;
  private suppressed = 0;

  constructor(
    private readonly log: (text: string) => void,
    private readonly perMinute = 20,
  ) {}

  write(text: string, nowMs: number): void {
    if (nowMs - this.windowStart >= 60_000) {
      if (this.suppressed > 0) this.log(`${this.suppressed} more like this in the last minute were not logged`);
      this.windowStart = nowMs;
      this.shown = 0;
      this.suppressed = 0;
    }
    if (this.shown < this.perMinute) {
      this.shown += 1;
      this.log(text);
    } else {
      this.suppressed += 1;
    }
  }
}
