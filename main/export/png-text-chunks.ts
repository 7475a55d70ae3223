/**
 * PNG text chunks (PNG specification, 3rd ed., sections 11.3.3.2 tEXt and 11.3.3.4 iTXt), written and
 * read by hand so provenance needs no image library: a chunk is length (4 bytes, big-endian), type (4),
 * data, and a CRC-32 of type + data.
 */

const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export interface TextEntry {
  /** 1–79 Latin-1 characters, no leading, trailing or double spaces (section 11.3.3.2). */
  keyword: string;
  text: string;
}

const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG defines it (ISO 3309, section 5.5 of the PNG specification). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && signature.every((byte, i) => bytes[i] === byte);
}

function checkKeyword(keyword: string): void {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) {
    throw new Error(`“${keyword}” cannot be a PNG text keyword (1–79 Latin-1 characters, single spaces).`);
  }
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/**
 * A text entry as a chunk: tEXt when the text is plain Latin-1 without NUL, iTXt (uncompressed,
 * UTF-8, no language tag) otherwise.
 */
export function textChunk(entry: TextEntry): Uint8Array {
  checkKeyword(entry.keyword);
  if ([...entry.text].every((char) => char !== '\0' && char.charCodeAt(0) <= 0xff)) {
    return chunk('tEXt', Uint8Array.from([...latin1(entry.keyword), 0, ...latin1(entry.text)]));
  }
  const text = new TextEncoder().encode(entry.text);
  // keyword, NUL, compression flag 0, compression method 0, empty language tag + NUL, empty translated keyword + NUL.
  const head = Uint8Array.from([...latin1(entry.keyword), 0, 0, 0, 0, 0]);
  const data = new Uint8Array(head.length + text.length);
  data.set(head);
  data.set(text, head.length);
  return chunk('iTXt', data);
}

/** The PNG with the entries added right after IHDR (before IDAT, so a reader of the file's head finds them). */
export function withTextChunks(png: Uint8Array, entries: readonly TextEntry[]): Uint8Array {
  if (!isPng(png)) throw new Error('Not a PNG file.');
  const ihdrEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  const added = entries.map(textChunk);
  const out = new Uint8Array(png.length + added.reduce((sum, c) => sum + c.length, 0));
  out.set(png.subarray(0, ihdrEnd));
  let at = ihdrEnd;
  for (const c of added) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(ihdrEnd), at);
  return out;
}

/**
 * The text entries of a PNG, in file order. Reads up to the first IDAT, so the head of a file is
 * enough; a chunk with a wrong CRC or cut short ends the reading (what came before is kept).
 */
export function readTextChunks(bytes: Uint8Array): TextEntry[] {
  if (!isPng(bytes)) throw new Error('Not a PNG file.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: TextEntry[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT' || type === 'IEND' || at + 12 + length > bytes.length) break;
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (view.getUint32(at + 8 + length) !== crc32(bytes.subarray(at + 4, at + 8 + length))) break;
    const entry = type === 'tEXt' ? parseText(data) : type === 'iTXt' ? parseInternational(data) : null;
    if (entry) entries.push(entry);
    at += 12 + length;
  }
  return entries;
}

const fromLatin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

function parseText(data: Uint8Array): TextEntry | null {
  const nul = data.indexOf(0);
  if (nul < 1) return null;
  return { keyword: fromLatin1(data.subarray(0, nul)), text: fromLatin1(data.subarray(nul + 1)) };
}

function parseInternational(data: Uint8Array): TextEntry | null {
  const nul = data.indexOf(0);
  // Compressed iTXt is not something Ganvas writes; skip it rather than inflate foreign data.
  if (nul < 1 || data[nul + 1] !== 0) return null;
  const languageEnd = data.indexOf(0, nul + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return null;
  return {
    keyword: fromLatin1(data.subarray(0, nul)),
    text: new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(translatedEnd + 1)),
  };
}
