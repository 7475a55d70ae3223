/**
 * Readers of just enough of MP4 (ISO/IEC 14496-12 boxes) and WebM (EBML, RFC 8794; Matroska,
 * RFC 9559) for tests to check what the encoders wrote: frame counts, sizes, the frames themselves.
 */

interface Box {
  type: string;
  start: number;
  end: number;
}

function boxes(bytes: Uint8Array, start: number, end: number): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Box[] = [];
  for (let at = start; at + 8 <= end;) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    found.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return found;
}

function find(bytes: Uint8Array, path: string[], start = 0, end = bytes.length): Box | undefined {
  const [first, ...rest] = path;
  const box = boxes(bytes, start, end).find((b) => b.type === first);
  if (!box || rest.length === 0) return box;
  return find(bytes, rest, box.start, box.end);
}

export interface Mp4Facts {
  brand: string;
  codec: string;
  width: number;
  height: number;
  frames: number;
  seconds: number;
}

export function inspectMp4(bytes: Uint8Array): Mp4Facts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ftyp = find(bytes, ['ftyp']);
  const stbl = ['moov', 'trak', 'mdia', 'minf', 'stbl'];
  const stsz = find(bytes, [...stbl, 'stsz']);
  const stsd = find(bytes, [...stbl, 'stsd']);
  const mdhd = find(bytes, ['moov', 'trak', 'mdia', 'mdhd']);
  if (!ftyp || !stsz || !stsd || !mdhd) throw new Error('Not an MP4 with one video track.');
  const entry = stsd.start + 8; // version/flags, entry count
  const version = bytes[mdhd.start] ?? 0;
  const timescale = view.getUint32(mdhd.start + (version === 1 ? 20 : 12));
  const duration =
    version === 1 ? Number(view.getBigUint64(mdhd.start + 24)) : view.getUint32(mdhd.start + 16);
  return {
    brand: String.fromCharCode(...bytes.subarray(ftyp.start, ftyp.start + 4)),
    codec: String.fromCharCode(...bytes.subarray(entry + 4, entry + 8)),
    // Sample entry: size, type, 6 reserved, data reference index, 16 bytes, then width and height.
    width: view.getUint16(entry + 32),
    height: view.getUint16(entry + 34),
    frames: view.getUint32(stsz.start + 8),
    seconds: duration / timescale,
  };
}

function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } {
  const first = bytes[at] ?? 0;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + (bytes[at + i] ?? 0);
    if (bytes[at + i] !== 0xff) allOnes = false;
  }
  return { value: !keepMarker && allOnes ? -1 : value, length };
}

const masters = new Set([0x18538067, 0x1f43b675, 0x1654ae6b, 0xae, 0xe0, 0xa0]);

export interface WebmFacts {
  codec: string;
  width: number;
  height: number;
  /** Each frame's timestamp in ms and its codec payload. */
  frames: { ms: number; key: boolean; data: Uint8Array }[];
}

export function inspectWebm(bytes: Uint8Array): WebmFacts {
  const facts: WebmFacts = { codec: '', width: 0, height: 0, frames: [] };
  let clusterMs = 0;
  const walk = (start: number, end: number) => {
    for (let at = start; at < end;) {
      const id = vint(bytes, at, true);
      const size = vint(bytes, at + id.length, false);
      const body = at + id.length + size.length;
      const bodyEnd = size.value < 0 ? end : body + size.value;
      const uint = () => bytes.subarray(body, bodyEnd).reduce((v, b) => v * 256 + b, 0);
      if (masters.has(id.value)) walk(body, bodyEnd);
      else if (id.value === 0x86) facts.codec = String.fromCharCode(...bytes.subarray(body, bodyEnd));
      else if (id.value === 0xb0) facts.width = uint();
      else if (id.value === 0xba) facts.height = uint();
      else if (id.value === 0xe7) clusterMs = uint();
      else if (id.value === 0xa3 || id.value === 0xa1) {
        const track = vint(bytes, body, false);
        const timecode = new DataView(bytes.buffer, bytes.byteOffset + body + track.length, 2).getInt16(0);
        const flags = bytes[body + track.length + 2] ?? 0;
        facts.frames.push({
          ms: clusterMs + timecode,
          key: id.value === 0xa3 && (flags & 0x80) !== 0,
          data: bytes.subarray(body + track.length + 3, bodyEnd),
        });
      }
      at = bodyEnd;
    }
  };
  walk(0, bytes.length);
  return facts;
}

/** A VP8 key frame wrapped as a lossy WebP again, so an image decoder can show it. */
export function webpOfVp8Frame(frame: Uint8Array): Uint8Array {
  const padded = frame.length % 2;
  const out = new Uint8Array(20 + frame.length + padded);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('RIFF'), 0);
  view.setUint32(4, 12 + frame.length + padded, true);
  out.set(new TextEncoder().encode('WEBPVP8 '), 8);
  view.setUint32(16, frame.length, true);
  out.set(frame, 20);
  return out;
}
