/** Polling for what happens after a call returns: activities, visibility, timers of a real clock. */

/** Retries an assertion (in real time) until it passes, or rethrows its last failure at the deadline. */
export async function eventually(assertion: () => unknown, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
