/**
 * The Temporal SDK's logger (the worker's own lines, workflow and activity `log`, and the native
 * core's lines, forwarded) written through hapa's pino logger, so the worker logs the same JSON with
 * the same fields (and the same hashing of addresses) as the API.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
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

/**
 * Installs the SDK's Runtime for a worker process: its lines, and the native core's (which would
 * otherwise print their own text to stderr), through `logger` at `logLevel` (a pino level name);
 * with `metricsPort`, the SDK's worker metrics (task latencies, slots, sticky cache, polls) for
 * Prometheus at 127.0.0.1:`metricsPort`/metrics. Once per process, before any connection.
 */
export function installWorkerRuntime(logger: Logger, logLevel: string, metricsPort?: number): void {
  const level = temporalLevelOf(logLevel);
  Runtime.install({
    logger: temporalLoggerOf(logger),
    telemetryOptions: {
      logging: { filter: { core: level, other: level }, forward: {} },
      ...(metricsPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } } : {}),
    },
  });
}
