/**
 * One `npm start` per data directory and per port. Two instances on one data directory would share
 * the dev server's SQLite file and PostgreSQL cluster, and a second instance joining the first's
 * Temporal port would run a second worker taking the first's tasks (two outboxes, duplicate emails).
 * So `npm start` takes a lock file in the data directory before starting anything, and checks that
 * each port it is about to listen on is free; either failure is one line naming what to change.
 */
import { linkSync, openSync, readFileSync, renameSync, rmSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Why `npm start` refuses to start: printed as it is, one line. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}

/** What the lock file holds: who owns the data directory. */
interface LockOwner {
  pid: number;
  /** Linux boot id: a lock from before a reboot is stale whatever its pid now names. */
  bootId?: string;
  startedAt: string;
}

/** A held lock; `release` removes the file (only if it is still ours). */
export interface InstanceLock {
  readonly file: string;
  release(): void;
}

const LOCK_NAME = 'hapa.lock';

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

/** Whether the process that wrote `owner` still runs (EPERM: it runs as another user). */
function isAlive(owner: LockOwner): boolean {
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>/hapa.lock` (created exclusively, holding our pid). A lock whose owner no longer
 * runs is stale and taken over. Throws `StartRefused` naming the owner's pid when another instance
 * holds it.
 */
export function acquireInstanceLock(dataDir: string): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_NAME);
  const content = JSON.stringify({ pid: process.pid, bootId: bootId(), startedAt: new Date().toISOString() } satisfies LockOwner);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${content}\n`);
      closeSync(fd);
      return {
        file,
        release() {
          if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = readFileSync(file, 'utf8');
    const owner = readOwner(file);
    if (owner && isAlive(owner)) {
      throw new StartRefused(
        `the data directory ${dataDir} is in use by another hapa instance (pid ${owner.pid}, lock ${file}); stop it or set HAPA_DATA_DIR to another folder`,
      );
    }
    // Stale: moved aside rather than deleted, so that of two instances taking it over at once only
    // one moves it, and one that moved a fresh lock by mistake can put it back.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    if (readFileSync(aside, 'utf8') !== seen) {
      try {
        linkSync(aside, file);
      } catch {
        // another instance has written a lock since: the next attempt finds it
      }
    }
    rmSync(aside, { force: true });
  }
  throw new StartRefused(`the data directory ${dataDir} is being claimed by another hapa instance at this moment (lock ${file})`);
}

/** A port `npm start` will listen on, and the setting that moves it. */
export interface PortClaim {
  readonly port: number;
  readonly host: string;
  /** What listens there, e.g. 'the Temporal dev server'. */
  readonly what: string;
  /** The variable that changes it, e.g. 'TEMPORAL_PORT'. */
  readonly setting: string;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws `StartRefused` naming the first port of `claims` another program holds. */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  for (const claim of claims) {
    if (!(await canListen(claim.port, claim.host))) {
      throw new StartRefused(
        `port ${claim.port} on ${claim.host} (${claim.what}) is in use by another program or hapa instance; stop it or set ${claim.setting}`,
      );
    }
  }
}
