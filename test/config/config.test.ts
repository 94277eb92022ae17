import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { arrangementPageUrl, ConfigError, loadConfig } from '../../config';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { testDatabase, type TestDatabase } from '../helpers/database';

const root = path.resolve(__dirname, '../..');

describe('configuration', () => {
  test('when nothing is set, then the embedded defaults apply', () => {
    const config = loadConfig({});
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.API_PORT).toBe(3000);
    expect(path.isAbsolute(config.HAPA_DATA_DIR)).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test.each([
    ['TEMPORAL_ADDRESS', { TEMPORAL_ADDRESS: 'not an address' }, 'host:port'],
    ['TEMPORAL_TLS_CERT', { TEMPORAL_TLS_CERT: '/nonexistent/client.pem', TEMPORAL_TLS_KEY: '/nonexistent/client.key' }, 'no such file'],
    ['API_PORT', { API_PORT: '70000' }, ''],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example' }, ''],
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'short' }, '32 characters'],
    ['HAPA_WORKER_MAX_CACHED_WORKFLOWS', { HAPA_WORKER_MAX_CACHED_WORKFLOWS: '1200' }, 'heap cap'],
    ['HAPA_WORKER_WORKFLOW_THREADS', { HAPA_WORKER_WORKFLOW_THREADS: '0' }, ''],
    ['HAPA_WORKER_WORKFLOW_THREADS', { HAPA_WORKER_WORKFLOW_THREADS: '8' }, 'heap of its own'],
  ])('when %s is invalid, then loading fails naming that variable', (variable, env, text) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((i) => i.variable === variable);
    expect(issue).toBeDefined();
    expect(issue!.message).toContain(text);
  });

  test('when a cert is given without its key, then loading fails on the key', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: __filename })).toThrow(/TEMPORAL_TLS_KEY/);
  });

  test('when an API key is set, then the connection uses TLS and the key (Temporal Cloud)', () => {
    const options = temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k' }));
    expect(options).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', apiKey: 'k', tls: {} });
  });

  test('when mTLS files are set, then their contents are read once into the connection options', () => {
    const options = temporalConnectionOptions(
      loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS_CERT: __filename, TEMPORAL_TLS_KEY: __filename }),
    );
    expect(options.tls?.clientCertPair?.crt.toString()).toContain('mTLS files are set');
  });
});

describe('start-up errors', () => {
  const runWorker = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'worker/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('when TEMPORAL_ADDRESS is malformed, then the worker exits with a readable message and no stack trace', () => {
    const result = runWorker({ TEMPORAL_ADDRESS: 'localhost', HAPA_DATA_DIR: path.join(root, '.test-artifacts/cfg') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TEMPORAL_ADDRESS: must be host:port');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('when a TLS file is missing, then the worker exits naming the file setting', () => {
    const result = runWorker({
      TEMPORAL_TLS_CERT: '/nonexistent/c.pem',
      TEMPORAL_TLS_KEY: '/nonexistent/k.pem',
      HAPA_DATA_DIR: path.join(root, '.test-artifacts/cfg'),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TEMPORAL_TLS_CERT: no such file');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('when Temporal is unreachable, then the worker says so and names the settings to check', async () => {
    const database: TestDatabase = await testDatabase();
    let result;
    try {
      result = runWorker({
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        DATABASE_URL: database.url,
        HAPA_DATA_DIR: path.join(root, '.test-artifacts/cfg'),
      });
    } finally {
      await database.drop();
    }
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot reach Temporal');
    expect(result.stderr).toContain('TEMPORAL_ADDRESS');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('when DATABASE_URL is unset, then the worker exits naming it and how to get one', () => {
    const result = runWorker({ HAPA_DATA_DIR: path.join(root, '.test-artifacts/cfg') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: is unset');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('when PostgreSQL is unreachable, then the worker says so, naming DATABASE_URL and never the password', () => {
    const result = runWorker({
      DATABASE_URL: 'postgres://hapa:s3cret@127.0.0.1:1/hapa',
      HAPA_DATA_DIR: path.join(root, '.test-artifacts/cfg'),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot use its database: PostgreSQL at 127.0.0.1:1/hapa');
    expect(result.stderr).toContain('Check DATABASE_URL');
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('arrangement policy from configuration', () => {
  test('when HAPA_POLICY_BOUNDS is set, then it is parsed; bounds that make no sense name the variable', () => {
    expect(loadConfig({ HAPA_POLICY_BOUNDS: '{"consultationWeeks": {"min": 8}}' }).HAPA_POLICY_BOUNDS).toEqual({
      consultationWeeks: { min: 8 },
    });
    expect(() => loadConfig({ HAPA_POLICY_BOUNDS: '{"allowRetrospectiveStart": {"max": 1}}' })).toThrow(/HAPA_POLICY_BOUNDS/);
    expect(() => loadConfig({ HAPA_POLICY_BOUNDS: 'not json' })).toThrow(/HAPA_POLICY_BOUNDS: must be a JSON object/);
  });

  test('when HAPA_POLICY overrides the consultation length, then it is parsed into the config', () => {
    expect(loadConfig({ HAPA_POLICY: '{"consultationWeeks": 8}' }).HAPA_POLICY).toEqual({ consultationWeeks: 8 });
  });

  test.each([
    ['not JSON', '{consultationWeeks: 8', 'JSON'],
    ['a negative period', '{"consultationWeeks": -1}', ''],
    ['an unknown setting', '{"consultationMonths": 3}', ''],
  ])('when HAPA_POLICY is %s, then loading fails naming HAPA_POLICY', (_what, value, text) => {
    let error: unknown;
    try {
      loadConfig({ HAPA_POLICY: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((i) => i.variable === 'HAPA_POLICY');
    expect(issue?.message).toContain(text);
  });
});

describe('links to an arrangement', () => {
  test.each([
    [{ PUBLIC_BASE_URL: 'https://hapa.council.example/' }, 'https://hapa.council.example/arrangements/NW-2027-001'],
    [{ PUBLIC_BASE_URL: 'https://intranet.example/hapa' }, 'https://intranet.example/hapa/arrangements/NW-2027-001'],
    [{ API_HOST: '127.0.0.1', API_PORT: '3100' }, 'http://127.0.0.1:3100/arrangements/NW-2027-001'],
  ])('when the environment is %j, then emails link to %s', (env, link) => {
    expect(arrangementPageUrl(loadConfig(env))('NW-2027-001')).toBe(link);
  });
});
