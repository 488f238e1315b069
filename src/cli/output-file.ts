import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `bytes` under a temporary name next to `file` and renames it into place, so that a
 * reader never sees a half-written file and a failed write leaves any earlier file as it was.
 */
export async function writeFileWhole(file: string, bytes: Uint8Array | string): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}
