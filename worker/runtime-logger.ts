/**
 * The Temporal SDK's logger (the worker's own lines, workflow and activity `log`, and the native
 * core's lines, forwarded) written through hapa's pino logger, so the worker logs the same JSON with
 * the same fields (and the same hashing of addresses) as the API.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from 'pino';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** A Temporal `Logger` writing each line to `logger` at the matching level, its metadata as fields. */
export function temporalLoggerOf(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => logger[LEVELS[level]]({ ...meta }, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** The SDK's level for a pino level name (`fatal` has none: ERROR). */
export function temporalLevelOf(level: string): LogLevel {
  const upper = level === 'fatal' || level === 'silent' ? 'ERROR' : level.toUpperCase();
  return (upper in LEVELS ? upper : 'INFO') as LogLevel;
}
