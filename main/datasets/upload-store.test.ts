import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject } from './test-support/fixtures.js';
import { UploadStore } from './upload-store.js';

async function* bytes(text: string) {
  yield new TextEncoder().encode(text);
}

describe('UploadStore', () => {
  it('keeps relative paths inside its folder and never overwrites', async () => {
    const store = new UploadStore();
    const { uploadId } = store.begin(await makeProject());
    await store.receive(uploadId, 'cats/tabby.png', bytes('png'));
    expect(await readFile(join(store.folder(uploadId) ?? '', 'cats', 'tabby.png'), 'utf8')).toBe('png');
    await expect(store.receive(uploadId, 'cats/tabby.png', bytes('other'))).rejects.toThrow(
      /already uploaded/,
    );
  });

  it.each(['../escape.png', 'a/../../b.png', '/etc/passwd', ''])('refuses the path %j', async (path) => {
    const store = new UploadStore();
    const { uploadId } = store.begin(await makeProject());
    await expect(store.receive(uploadId, path, bytes('x'))).rejects.toThrow();
  });

  it('refuses an unknown or discarded upload', async () => {
    const store = new UploadStore();
    const { uploadId } = store.begin(await makeProject());
    await store.discard(uploadId);
    await expect(store.receive(uploadId, 'a.png', bytes('x'))).rejects.toThrow(/drop the files again/);
  });
});

describe('UploadStore cleanup', () => {
  it('removes upload folders an earlier session abandoned, never a live one', async () => {
    const root = await makeProject();
    await mkdir(join(root, '.uploads', 'left-behind'), { recursive: true });
    const store = new UploadStore();
    const live = store.begin(root);
    await store.receive(live.uploadId, 'a.png', bytes('x'));
    store.begin(root);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(join(root, '.uploads', 'left-behind'))).toBe(false);
    expect(existsSync(join(store.folder(live.uploadId) ?? '', 'a.png'))).toBe(true);
  });
});
