import type { DroppedFile } from './dropped-files.js';

/**
 * Browser mode: sends dropped files to the upload folder the service reserved, a few at a time,
 * each by PUT with its relative path. Same origin, so the session cookie carries the secret.
 */
export async function uploadFiles(
  uploadId: string,
  files: DroppedFile[],
  onProgress: (sent: number, total: number) => void,
  send: typeof fetch = fetch,
): Promise<{ failed: Array<{ path: string; reason: string }> }> {
  const failed: Array<{ path: string; reason: string }> = [];
  const queue = [...files];
  let sent = 0;
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const path = next.relativePath.split('/').map(encodeURIComponent).join('/');
      try {
        const response = await send(`/upload/${encodeURIComponent(uploadId)}/${path}`, {
          method: 'PUT',
          body: next.file,
        });
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { error?: string };
          failed.push({
            path: next.relativePath,
            reason: body.error ?? `upload failed (HTTP ${response.status})`,
          });
        }
      } catch (error) {
        failed.push({ path: next.relativePath, reason: `upload failed (${(error as Error).message})` });
      }
      onProgress(++sent, files.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
  return { failed };
}
