/** Names of the variables global setup hands to test files. */
export const TEST_ENV = {
  temporalAddress: 'HAPA_TEST_TEMPORAL_ADDRESS',
  testServerPath: 'HAPA_TEST_SERVER_PATH',
  bundlePath: 'HAPA_TEST_WORKFLOW_BUNDLE',
  /** The run's PostgreSQL, database `hapa`: migrated, and the template of each test database. */
  databaseUrl: 'HAPA_TEST_DATABASE_URL',
} as const;

/** Reads one of them, failing loudly if global setup did not run. */
export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is unset: run tests through jest (global setup sets it)`);
  return value;
}
