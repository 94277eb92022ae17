/** Stops the run's dev server. */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __hapaDevServer?: { stop(): Promise<void> } }).__hapaDevServer;
  await server?.stop();
}
