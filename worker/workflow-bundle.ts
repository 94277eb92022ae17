/**
 * How the workflow bundle is built. Every place that builds one (the worker, the tests' set-up, the
 * replay scripts and tests, B5) takes its options from here, so each runs the code the worker runs.
 */
import type { BundleOptions } from '@temporalio/worker';

/** The workflows' entry point, the folder `workflows/` (its index). */
export const WORKFLOWS_PATH: string = require.resolve('../workflows');

/**
 * Modules evaluated once per workflow thread rather than once per workflow created: `domain/` (its
 * index, and so every module of it).
 *
 * The SDK runs every workflow in one reused V8 context, and evaluates each module of the bundle afresh
 * for every workflow it creates: a new run, or a cached one evicted and replayed. `domain/` is most of
 * that code (its rules, stages, citations and words), and evaluating it was about a tenth of the
 * workflow thread's time when a thousand reminders fell due at once (issue 17, docs/benchmarks.md).
 * A preloaded module is shared by every workflow in the context, so it must hold no state of one
 * workflow: `domain/` is pure rules (no `@temporalio/*` import, no clock, no I/O; its only module
 * state is caches of pure functions keyed by their whole input, such as days.ts's midnights). The SDK
 * deep-freezes what a shared module exports, so a workflow cannot write into another's.
 *
 * zod is not preloaded, and cannot be: it writes into its own objects after loading (its default
 * locale on the first schema, `lastIndex` of its regular expressions on a parse), which the freeze
 * refuses; and naming it here would do nothing, as webpack drops a preload of a package that declares
 * itself free of side effects. It is loaded by the first workflow that builds a schema, into that
 * workflow's module cache; `domain/lazy-schema.ts` says how its schemas are then shared.
 */
export const PRELOADED_MODULES: readonly string[] = [require.resolve('../domain')];

/**
 * The bundler's options for hapa's workflows (or, for the replay suite's variants, another entry
 * point that imports the same modules).
 * @returns `{ workflowsPath, preloadModules }`, for `bundleWorkflowCode` (add a logger) or a worker's `bundlerOptions`.
 */
export function workflowBundleOptions(workflowsPath: string = WORKFLOWS_PATH): Pick<BundleOptions, 'workflowsPath' | 'preloadModules'> {
  return { workflowsPath, preloadModules: [...PRELOADED_MODULES] };
}
