import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Structured JSON logs (pino) behind Nest's logger interface; one line per event. */
export function createRootLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: undefined } : {}),
  });
}

const QUIET = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader', 'WebSocketsController']);

export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const obj: Record<string, unknown> = { context };
    if (message instanceof Error) {
      obj.err = message;
      return this.root[level](obj, message.message);
    }
    if (typeof message === 'object' && message !== null) return this.root[level]({ ...obj, ...message });
    if (rest.length && typeof rest[0] === 'string' && level === 'error') obj.stack = rest[0];
    this.root[level](obj, String(message));
  }

  log(message: unknown, ...rest: unknown[]) {
    // Nest's start-up chatter (every route, every module) is debug detail, not news.
    const ctx = rest[rest.length - 1];
    this.write(typeof ctx === 'string' && QUIET.has(ctx) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
