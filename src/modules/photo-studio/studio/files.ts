/**
 * Files of the studio in the data directory: photo-studio/<photo id>/ contains
 * - original: the uploaded bytes, unchanged;
 * - preview.jpg: the original, oriented, longest side at most PREVIEW_MAX_SIDE px;
 * - mask-v<version>.png: the predicted mask of that version;
 * - result-<preset>-v<version>.<ext>: the finished image for a preset and version.
 * Writes go to a temporary name first and are renamed, so a reader never sees half a file.
 */

import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const PREVIEW_MAX_SIDE = 1600;

/** File name extension per output format. */
export const RESULT_EXTENSION = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;
export type ResultFormat = keyof typeof RESULT_EXTENSION;

export class StudioFiles {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'photo-studio');
  }

  folder(photoId: number): string {
    return path.join(this.root, String(photoId));
  }

  originalPath(photoId: number): string {
    return path.join(this.folder(photoId), 'original');
  }

  previewPath(photoId: number): string {
    return path.join(this.folder(photoId), 'preview.jpg');
  }

  maskPath(photoId: number, version: number): string {
    return path.join(this.folder(photoId), `mask-v${version}.png`);
  }

  resultPath(photoId: number, preset: string, version: number, format: ResultFormat): string {
    return path.join(this.folder(photoId), `result-${preset}-v${version}.${RESULT_EXTENSION[format]}`);
  }

  async write(file: string, bytes: Uint8Array): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  }

  /** Returns the file's bytes, or undefined when it does not exist. */
  async read(file: string): Promise<Buffer | undefined> {
    try {
      return await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async exists(file: string): Promise<boolean> {
    try {
      await access(file);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Returns the newest result of a preset from a version before `version`, which is kept
   * until `version` is stored, or undefined when there is none.
   */
  async previousResult(photoId: number, preset: string, version: number, format: ResultFormat): Promise<{ bytes: Buffer; version: number } | undefined> {
    let names: string[];
    try {
      names = await readdir(this.folder(photoId));
    } catch {
      return undefined;
    }
    const pattern = new RegExp(`^result-${preset}-v(\\d+)\\.${RESULT_EXTENSION[format]}$`);
    const versions = names
      .map((name) => Number(pattern.exec(name)?.[1] ?? NaN))
      .filter((found) => Number.isInteger(found) && found < version);
    if (versions.length === 0) return undefined;
    const newest = Math.max(...versions);
    const bytes = await this.read(this.resultPath(photoId, preset, newest, format));
    return bytes ? { bytes, version: newest } : undefined;
  }

  /**
   * Returns the stored result of a preset and version in whichever format it was written,
   * for a deleted preset whose format is no longer known.
   */
  async storedResult(photoId: number, preset: string, version: number): Promise<{ bytes: Buffer; format: ResultFormat } | undefined> {
    for (const format of Object.keys(RESULT_EXTENSION) as ResultFormat[]) {
      const bytes = await this.read(this.resultPath(photoId, preset, version, format));
      if (bytes) return { bytes, format };
    }
    return undefined;
  }

  /** Removes the masks and results of versions before `version`, which no URL serves any more. */
  async removeOlderVersions(photoId: number, version: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.folder(photoId));
    } catch {
      return;
    }
    const stale = names.filter((name) => {
      const match = /-v(\d+)\.[a-z]+$/.exec(name);
      return match !== null && Number(match[1]) < version;
    });
    await Promise.all(stale.map((name) => rm(path.join(this.folder(photoId), name), { force: true })));
  }

  /**
   * Removes every photo's results of one preset after a shop preset was saved, so that the
   * next request renders with the preset as it is now. Returns the number of files removed.
   */
  async removeResultsOfPreset(preset: string): Promise<number> {
    let folders: string[];
    try {
      folders = await readdir(this.root);
    } catch {
      return 0;
    }
    // Preset ids contain only a-z, 0-9 and '-'. The version is digits followed by the
    // extension, so "shop-a" never matches the results of "shop-a-b" or "shop-a-v2".
    const pattern = new RegExp(`^result-${preset}-v\\d+\\.[a-z]+$`);
    let removed = 0;
    for (const folder of folders) {
      let names: string[];
      try {
        names = await readdir(path.join(this.root, folder));
      } catch {
        continue;
      }
      const stale = names.filter((name) => pattern.test(name));
      await Promise.all(stale.map((name) => rm(path.join(this.root, folder, name), { force: true })));
      removed += stale.length;
    }
    return removed;
  }
}
