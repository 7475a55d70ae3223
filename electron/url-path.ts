/**
 * Turns the path of a URL into a relative file path, or null if any part of it could point
 * somewhere it should not. The URL parser already folds `.` and `..` (even percent-encoded), but
 * decoding can still produce separators, drive letters or NUL bytes, so every decoded segment is
 * checked again. Real containment (symlinks) is checked later against the disk.
 */
export function relativePathFromUrlPath(pathname: string): string | null {
  const rawSegments = pathname.replace(/^\//, '').split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    const segment = decodeSegment(raw);
    if (segment === null || !isSafeSegment(segment)) return null;
    segments.push(segment);
  }
  return segments.join('/');
}

function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

// ':' is refused too: on Windows it starts a drive letter or an alternate data stream.
const forbiddenCharacters = new Set(['/', '\\', ':']);

function isSafeSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false;
  for (const character of segment) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || forbiddenCharacters.has(character)) return false;
  }
  return true;
}
