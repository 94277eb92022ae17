import type { z } from 'zod';

/** The zod namespace (`z`), as the builders of lazy schemas receive it. */
export type Zod = typeof z;

/**
 * Schemas built on first use, and zod itself loaded on first use. The workflow sandbox evaluates every module of the workflow bundle
 * afresh for each workflow it creates (a new run, or a replay after eviction from the cache), and
 * building this domain's zod schemas was most of that cost: a thousand reminders due at one instant
 * spent about half the workflow thread's time constructing schemas that a timer never reads
 * (issue 17, docs/benchmarks.md), and evaluating zod itself most of the rest, and most of the memory
 * each cached workflow held. Only an Update's validator and a proposed variation parse; a replay, a
 * timer and a query load and build nothing.
 */

/**
 * Returns a stand-in for the schema `build` returns (given zod), built the first time any of its members
 * is read and the same object ever after, so `lazySchema((z) => z.string())` is used exactly like the
 * schema itself (`.parse`, `.shape`, inside other schemas, `z.infer<typeof …>`). Every member is read
 * from the built schema with itself as the receiver, so zod's own per-instance caching happens on
 * the real schema.
 *
 * Listing its members (`Object.keys`, property descriptors) builds nothing: before first use the
 * stand-in lists none, after it the built schema's. The workflow sandbox deep-freezes what `domain/`
 * exports, because worker/workflow-bundle.ts preloads it once per workflow thread; the freeze walks
 * each export's members, and would otherwise build every schema at once and freeze it, and zod adds
 * members to a schema as it is used (its methods, on first call), which a frozen schema refuses.
 *
 * In the sandbox this module is shared by every workflow of a thread, so a schema is built once per
 * thread, by the first workflow that reads it, with the copy of zod that workflow loaded, and serves
 * every workflow after it. That holds no workflow's state: a schema is fixed once built (zod only adds
 * its own bound methods and caches), and what a parse answers depends on its input alone. The copy of
 * zod stays as long as the thread: at most one per schema, a few MiB.
 */
export function lazySchema<T extends object>(build: (zod: Zod) => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build(loadZod()));
  // An extensible, empty target: the traps below may then answer anything the built schema does.
  return new Proxy({} as T, {
    get: (_target, key) => {
      const schema = real();
      return Reflect.get(schema, key, schema) as unknown;
    },
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => (built === undefined ? [] : Reflect.ownKeys(built)),
    // Reported configurable: a proxy may not report a non-configurable property its target lacks.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = built === undefined ? undefined : Reflect.getOwnPropertyDescriptor(built, key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    // Refused, so `Object.freeze` fails on the stand-in and leaves it as it was (the sandbox's freeze
    // passes over what refuses). Had its empty target been made non-extensible, the proxy's invariants
    // would make `in`, `instanceof` and `Object.keys` on the schema throw.
    preventExtensions: () => false,
  });
}

/**
 * zod, loaded when the first schema is built: a static import would evaluate it in every workflow
 * created, or, preloaded with `domain/`, freeze it (worker/workflow-bundle.ts).
 */
function loadZod(): Zod {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on purpose: see above
  return (require('zod') as { z: Zod }).z;
}
