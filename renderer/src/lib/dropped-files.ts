/** A file the user dropped or picked, with its path inside what they dropped (folders kept). */
export interface DroppedFile {
  file: File;
  relativePath: string;
}

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?(success: (file: File) => void, failure: (error: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: EntryLike[]) => void, failure: (error: unknown) => void): void;
  };
}

/**
 * Everything in a drop, folders walked recursively through the entries API, so a dropped folder
 * keeps its structure. Falls back to the flat file list where entries are not available.
 */
export async function filesFromDrop(transfer: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...transfer.items]
    .map((item) => (item.webkitGetAsEntry?.() ?? null) as EntryLike | null)
    .filter((entry): entry is EntryLike => entry !== null);
  if (entries.length === 0) return filesFromList(transfer.files);
  const out: DroppedFile[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

export function filesFromList(files: FileList | File[]): DroppedFile[] {
  return [...files].map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

async function walk(entry: EntryLike, prefix: string, out: DroppedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile && entry.file) {
    const read = entry.file.bind(entry);
    out.push({
      file: await new Promise<File>((resolve, reject) => read(resolve, reject)),
      relativePath: path,
    });
    return;
  }
  if (!entry.isDirectory || !entry.createReader) return;
  const reader = entry.createReader();
  // readEntries returns at most ~100 entries a call: keep asking until it returns none.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, out);
  }
}
