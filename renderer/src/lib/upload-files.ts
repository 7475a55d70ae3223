import type { DroppedFile } from './dropped-files.js';

export interface UploadFailure {
  path: string;
  reason: string;
}

/** Names the import would skip anyway (it ignores dotfiles and OS clutter): not worth sending. */
const clutter = new Set(['thumbs.db', 'desktop.ini']);

/**
 * Turns a drop's paths into the paths sent to the upload route: forward slashes, no empty, '.' or '..'
 * segments, hidden files and OS clutter left out, each path unique (two `a.png` from different drops
 * become `a.png` and `a (2).png`, since the service never overwrites an uploaded file), and files
 * over the service's size limit refused here rather than after sending them.
 */
export function planUpload(
  files: DroppedFile[],
  maxFileBytes: number,
): { send: DroppedFile[]; refused: UploadFailure[] } {
  const send: DroppedFile[] = [];
  const refused: UploadFailure[] = [];
  const taken = new Set<string>();
  for (const dropped of files) {
    const segments = dropped.relativePath
      .split(/[/\\]+/)
      .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
    const name = segments.at(-1);
    if (!name || segments.some((segment) => segment.startsWith('.')) || clutter.has(name.toLowerCase()))
      continue;
    const path = segments.join('/');
    if (dropped.file.size > maxFileBytes) {
      refused.push({ path, reason: `larger than the ${sizeLabel(maxFileBytes)} a file may have` });
      continue;
    }
    const unique = uniquePath(path, taken);
    taken.add(unique.toLowerCase());
    send.push({ file: dropped.file, relativePath: unique });
  }
  return { send, refused };
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.floor(bytes / 1024 / 1024)} MB`;
  return bytes >= 1024 ? `${Math.floor(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Case-insensitively unique, so the upload folder works on macOS and Windows file systems too. */
function uniquePath(path: string, taken: Set<string>): string {
  if (!taken.has(path.toLowerCase())) return path;
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  const [stem, extension] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${extension}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** The upload route for one file: every segment encoded on its own, so `#`, `?` and spaces survive. */
export function uploadUrl(uploadId: string, relativePath: string): string {
  const path = relativePath.split('/').map(encodeURIComponent).join('/');
  return `/upload/${encodeURIComponent(uploadId)}/${path}`;
}

/**
 * Browser mode: sends files to the upload folder the service reserved, six at a time (what a browser
 * keeps open to one host), each by PUT with its relative path. Same origin, so the session cookie
 * carries the secret. A failed file is listed and the rest go on.
 */
export async function uploadFiles(
  uploadId: string,
  files: DroppedFile[],
  onProgress: (sent: number, total: number) => void,
  options: { send?: typeof fetch; concurrency?: number } = {},
): Promise<{ failed: UploadFailure[] }> {
  const send = options.send ?? fetch;
  const failed: UploadFailure[] = [];
  const queue = [...files];
  let sent = 0;
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        const response = await send(uploadUrl(uploadId, next.relativePath), {
          method: 'PUT',
          body: next.file,
        });
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { error?: unknown };
          failed.push({
            path: next.relativePath,
            reason: typeof body.error === 'string' ? body.error : `upload failed (HTTP ${response.status})`,
          });
        }
      } catch (error) {
        failed.push({ path: next.relativePath, reason: `upload failed (${(error as Error).message})` });
      }
      onProgress(++sent, files.length);
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency ?? 6, files.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { failed };
}
