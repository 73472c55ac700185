import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation.js';
import { redact } from './redact.js';

const SEVERITY: Record<LogLevel, number> = { verbose: 0, debug: 1, log: 2, warn: 3, error: 4, fatal: 5 };
const LEVEL_NAME: Record<LogLevel, string> = {
  verbose: 'verbose',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const RESERVED = new Set(['time', 'level', 'app', 'context', 'message', 'correlationId']);

export interface JsonLoggerOptions {
  /** The service's name, written on every line. */
  readonly app: string;
  /** The lowest level written; default `log`. */
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
  readonly clock?: () => Date;
}

/**
 * Nest logger writing one JSON object per line: time, level, app, context, message, the
 * correlation id of the request in hand, and any structured fields, with personal data
 * redacted at any depth.
 */
export class JsonLogger implements LoggerService {
  private threshold: number;
  private readonly write: (line: string) => void;
  private readonly clock: () => Date;

  constructor(private readonly options: JsonLoggerOptions) {
    this.threshold = SEVERITY[options.level ?? 'log'];
    this.write = options.write ?? ((line) => process.stdout.write(line));
    this.clock = options.clock ?? (() => new Date());
  }

  log(message: unknown, ...params: unknown[]): void {
    this.entry('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.entry('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.entry('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.entry('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.entry('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.entry('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.threshold = Math.min(...levels.map((level) => SEVERITY[level]));
  }

  private entry(level: LogLevel, message: unknown, params: unknown[]): void {
    if (SEVERITY[level] < this.threshold) return;
    const rest = [...params];
    // Nest's convention: the last string argument is the context; for errors, a stack trace may precede it.
    const canHaveStack = level === 'error' || level === 'fatal';
    const isStack = (value: unknown) => typeof value === 'string' && /\n\s+at /.test(value);
    let context: string | undefined;
    let stack: string | undefined;
    if (canHaveStack && isStack(rest.at(-1))) {
      stack = rest.pop() as string;
    } else if (typeof rest.at(-1) === 'string') {
      context = rest.pop() as string;
      if (canHaveStack && isStack(rest.at(-1))) stack = rest.pop() as string;
    }
    while (rest.length > 0 && rest.at(-1) === undefined) rest.pop();

    const line: Record<string, unknown> = { time: this.clock().toISOString(), level: LEVEL_NAME[level] };
    line.app = this.options.app;
    if (context) line.context = context;
    const fields: Record<string, unknown> = {};
    if (message instanceof Error) {
      line.message = message.message;
      fields.error = redact(message);
    } else if (typeof message === 'object' && message !== null) {
      const { message: text, ...others } = redact(message) as Record<string, unknown>;
      line.message = typeof text === 'string' ? text : '';
      Object.assign(fields, others);
    } else {
      line.message = String(message);
    }
    const correlationId = currentCorrelationId();
    if (correlationId) line.correlationId = correlationId;
    for (const [key, value] of Object.entries(fields)) {
      line[RESERVED.has(key) ? `field.${key}` : key] = value;
    }
    if (rest.length > 0) line.details = redact(rest);
    if (stack) line.stack = stack;
    this.write(`${safeStringify(line)}\n`);
  }
}

function safeStringify(line: Record<string, unknown>): string {
  try {
    return JSON.stringify(line);
  } catch {
    return JSON.stringify({ time: line.time, level: line.level, app: line.app, message: String(line.message) });
  }
}
