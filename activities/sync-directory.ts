/** Durability of newly created files: their directory entry is fsynced too. */
import { promises as fs } from 'node:fs';

/** Makes a newly created file's directory entry durable too (a no-op where directories cannot be fsynced). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) refuse to fsync a directory; the file itself is already synced.
  } finally {
    await handle?.close();
  }
}
