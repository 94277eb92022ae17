/** Stops the run's dev server and PostgreSQL (removing its temporary folder). */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __hapaDevServer?: { stop(): Promise<void> }; __hapaPostgres?: { stop(): Promise<void> } };
  await Promise.all([g.__hapaDevServer?.stop(), g.__hapaPostgres?.stop()]);
}
