import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { ServiceFailure } from '../service/service-error.js';

const maxFileBytes = 200 * 1024 * 1024;

/**
 * Browser mode's drag and drop: files arrive one HTTP PUT at a time into a staging folder inside the
 * project (`.uploads/<id>/`), keeping their relative paths; the import then reads that folder and
 * the folder is removed.
 */
export class UploadStore {
  private readonly folders = new Map<string, string>();

  begin(projectRoot: string): { uploadId: string; maxFileBytes: number } {
    const uploadId = randomUUID();
    this.folders.set(uploadId, join(projectRoot, '.uploads', uploadId));
    void this.removeAbandoned(join(projectRoot, '.uploads'));
    return { uploadId, maxFileBytes };
  }

  /**
   * Upload folders this store does not know were left by an earlier session (a tab closed before its
   * import ran): nothing will import them, and the project lock means no other process owns them.
   */
  private async removeAbandoned(uploads: string): Promise<void> {
    const known = new Set(this.folders.values());
    const names = await readdir(uploads).catch(() => [] as string[]);
    for (const name of names) {
      const folder = join(uploads, name);
      if (!known.has(folder)) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  folder(uploadId: string): string | null {
    return this.folders.get(uploadId) ?? null;
  }

  async receive(uploadId: string, relativePath: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const folder = this.folders.get(uploadId);
    if (!folder)
      throw new ServiceFailure('not-found', 'That upload has ended or never began; drop the files again.');
    const clean = normalize(relativePath);
    if (
      !clean ||
      isAbsolute(clean) ||
      clean.split(/[/\\]/).some((part) => part === '..' || part === '') ||
      clean.includes('\0')
    ) {
      throw new ServiceFailure('invalid-args', `"${relativePath}" is not a valid file path.`);
    }
    const target = join(folder, clean);
    if (!target.startsWith(folder + sep))
      throw new ServiceFailure('invalid-args', `"${relativePath}" is outside the upload.`);
    await mkdir(dirname(target), { recursive: true });
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxFileBytes)
          callback(new ServiceFailure('invalid-args', `${relativePath} is larger than 200 MB.`));
        else callback(null, chunk);
      },
    });
    try {
      // 'wx': an upload never overwrites a file it already has.
      await pipeline(Readable.from(body), limit, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new ServiceFailure('conflict', `${relativePath} was already uploaded.`);
      await rm(target, { force: true });
      throw error;
    }
  }

  async discard(uploadId: string): Promise<void> {
    const folder = this.folders.get(uploadId);
    this.folders.delete(uploadId);
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
