/** A file the user dropped or picked, with its path inside what they dropped (folders kept). */
export interface DroppedFile {
  file: File;
  relativePath: string;
}

/** The parts of the File and Directory Entries API a drop is walked with (also what tests fake). */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?(success: (file: File) => void, failure: (error: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: EntryLike[]) => void, failure: (error: unknown) => void): void;
  };
}

/** What a drop delivered, taken while the drop event runs: the browser empties its DataTransfer after. */
export interface CapturedDrop {
  /** The top-level items (a dropped folder is one File here); Electron reads their paths. */
  files: File[];
  /** The same items as entries, for walking folders; empty where the browser gives none. */
  entries: EntryLike[];
}

export interface DropContents {
  files: DroppedFile[];
  /** What could not be read (permissions, gone since, nested too deep), by its path in the drop. */
  unreadable: string[];
}

/** Call inside the drop handler, before any await. */
export function captureDrop(transfer: Pick<DataTransfer, 'files' | 'items'>): CapturedDrop {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => (item.webkitGetAsEntry?.() ?? null) as EntryLike | null)
    .filter((entry): entry is EntryLike => entry !== null);
  return { files: [...transfer.files], entries };
}

/**
 * Everything in a drop, folders walked recursively, each file with its path inside the drop. Without
 * entries (a synthetic drop, an old browser) the flat file list is used, keeping webkitRelativePath.
 */
export async function filesFromDrop(drop: CapturedDrop): Promise<DropContents> {
  if (drop.entries.length === 0) return { files: filesFromList(drop.files), unreadable: [] };
  const contents: DropContents = { files: [], unreadable: [] };
  for (const entry of drop.entries) await walk(entry, '', contents);
  return contents;
}

export function filesFromList(files: ArrayLike<File> | Iterable<File>): DroppedFile[] {
  return Array.from(files, (file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

/** Deeper than any real image folder: a folder linked into itself stops here instead of forever. */
const maxDepth = 32;

async function walk(entry: EntryLike, prefix: string, contents: DropContents, depth = 0): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile && entry.file) {
    const read = entry.file.bind(entry);
    try {
      contents.files.push({
        file: await new Promise<File>((resolve, reject) => read(resolve, reject)),
        relativePath: path,
      });
    } catch {
      contents.unreadable.push(path);
    }
    return;
  }
  if (!entry.isDirectory || !entry.createReader) return;
  if (depth >= maxDepth) {
    contents.unreadable.push(path);
    return;
  }
  const reader = entry.createReader();
  // readEntries hands out a folder in batches (about 100 in Chromium): ask until it returns none.
  for (;;) {
    let batch: EntryLike[];
    try {
      batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    } catch {
      contents.unreadable.push(path);
      return;
    }
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, path, contents, depth + 1);
  }
}
