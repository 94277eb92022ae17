/**
 * Node flags the worker process is started with, by `npm start` and the benchmark (the `worker`
 * npm script repeats them). V8 grows its heap lazily towards its default limit before collecting
 * hard, so without a cap a busy worker's RSS follows that high-water mark: 1,068 MiB with 3,000
 * live arrangements, against 695 MiB with a 512 MiB cap (docs/benchmarks.md).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=768'];
