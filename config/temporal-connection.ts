/**
 * Connection options for any Temporal: the local dev server, a self-hosted cluster (mTLS), or
 * Temporal Cloud (mTLS or API key). Used by the worker (NativeConnection) and the API (Connection).
 */
import { readFileSync } from 'node:fs';
import type { Config } from './index';

/** The subset of options both `Connection.connect` and `NativeConnection.connect` accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/** Default frontend address when none is configured. */
export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';

/** Builds connection options from config, reading certificate files once. */
export function temporalConnectionOptions(
  config: Config,
  address = config.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS,
): TemporalConnectionOptions {
  const useTls =
    config.TEMPORAL_TLS || Boolean(config.TEMPORAL_TLS_CERT) || Boolean(config.TEMPORAL_API_KEY) || Boolean(config.TEMPORAL_TLS_CA);
  const options: TemporalConnectionOptions = { address };
  if (useTls) {
    options.tls = {
      serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: config.TEMPORAL_TLS_CA ? readFileSync(config.TEMPORAL_TLS_CA) : undefined,
      clientCertPair:
        config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
          ? { crt: readFileSync(config.TEMPORAL_TLS_CERT), key: readFileSync(config.TEMPORAL_TLS_KEY) }
          : undefined,
    };
  }
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  return options;
}
