/**
 * Schemas built on first use. The workflow sandbox evaluates every module of the workflow bundle
 * afresh for each workflow it creates (a new run, or a replay after eviction from the cache), and
 * building this domain's zod schemas was most of that cost: a thousand reminders due at one instant
 * spent about half the workflow thread's time constructing schemas that a timer never reads
 * (issue 17, docs/benchmarks.md). Only an Update's validator and a proposed variation parse; a
 * replay, a timer and a query build nothing.
 */

/**
 * Returns a stand-in for the schema `build` returns, built the first time any of its members is
 * read and the same object ever after, so `lazySchema(() => z.string())` is used exactly like the
 * schema itself (`.parse`, `.shape`, inside other schemas, `z.infer<typeof …>`). Every member is read
 * from the built schema with itself as the receiver, so zod's own per-instance caching happens on
 * the real schema.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  // An extensible, empty target: the traps below may then answer anything the built schema does.
  return new Proxy({} as T, {
    get: (_target, key) => {
      const schema = real();
      return Reflect.get(schema, key, schema) as unknown;
    },
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: a proxy may not report a non-configurable property its target lacks.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
