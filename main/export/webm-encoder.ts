import sharp from 'sharp';
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import type { Frames } from './animated-image.js';

/**
 * The VP8 bitstream inside a lossy WebP: a WebP of the simple format is RIFF, 'WEBP', then one
 * 'VP8 ' chunk whose payload is exactly one VP8 key frame (RFC 9649, section 2.5; RFC 6386).
 */
export function vp8FrameOfWebp(webp: Uint8Array): Uint8Array {
  const tag = (at: number) => String.fromCharCode(...webp.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WEBP') throw new Error('Not a WebP file.');
  for (let at = 12; at + 8 <= webp.length;) {
    const length = new DataView(webp.buffer, webp.byteOffset + at + 4, 4).getUint32(0, true);
    if (tag(at) === 'VP8 ') return webp.subarray(at + 8, at + 8 + length);
    at += 8 + length + (length % 2);
  }
  throw new Error('This WebP holds no lossy VP8 frame.');
}

/**
 * A WebM (VP8) of the frames. libwebp (through sharp) encodes each frame as a VP8 key frame and
 * webm-muxer writes the Matroska container: every frame is a key frame, so the file is larger than
 * one with inter frames but plays and seeks everywhere WebM does, and needs no system encoder.
 */
export async function encodeWebm(
  animation: Frames,
  onFrame: (done: number) => Promise<void> | void = () => undefined,
): Promise<Uint8Array> {
  const { width, height, fps } = animation;
  const muxer = new Muxer({
    target: new ArrayBufferTarget(),
    video: { codec: 'V_VP8', width, height, frameRate: fps },
  });
  for (const [i, frame] of animation.frames.entries()) {
    const webp = await sharp(frame, { raw: { width, height, channels: 3 } })
      .webp({ quality: 92, smartSubsample: true, effort: 4 })
      .toBuffer();
    muxer.addVideoChunkRaw(vp8FrameOfWebp(webp), 'key', Math.round((i * 1_000_000) / fps));
    await onFrame(i + 1);
  }
  muxer.finalize();
  return new Uint8Array(muxer.target.buffer);
}
