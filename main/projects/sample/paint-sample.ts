import { seededRandom } from '../../random/seeded-random.js';

export type SampleDomain = 'shapes' | 'textures';
type Rgb = [number, number, number];

/** HSL (0..1) to RGB (0..255). */
function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

/** A raw RGB canvas with alpha blending: the painter's only drawing primitive. */
function canvas(size: number) {
  const pixels = new Uint8Array(size * size * 3);
  const blend = (x: number, y: number, [r, g, b]: Rgb, alpha: number) => {
    const i = (y * size + x) * 3;
    pixels[i] = Math.round((pixels[i] ?? 0) * (1 - alpha) + r * alpha);
    pixels[i + 1] = Math.round((pixels[i + 1] ?? 0) * (1 - alpha) + g * alpha);
    pixels[i + 2] = Math.round((pixels[i + 2] ?? 0) * (1 - alpha) + b * alpha);
  };
  /** Calls paint(x, y) for every pixel centre. */
  const each = (paint: (x: number, y: number) => void) => {
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) paint(x + 0.5, y + 0.5);
  };
  return { pixels, blend, each };
}

/**
 * Paints one abstract image as raw RGB (size × size × 3). 'shapes': one to three soft discs,
 * polygons and wobbly blobs on a pale warm ground (warm palette). 'textures': stripes, checks,
 * dot grids or smooth noise in a cool palette. Both are structured enough for a GAN to learn in
 * minutes, and different enough to translate between.
 */
export function paintSample(domain: SampleDomain, size: number, seed: number): Uint8Array {
  return domain === 'shapes' ? paintShapes(size, seededRandom(seed)) : paintTexture(size, seededRandom(seed));
}

function paintShapes(size: number, random: () => number): Uint8Array {
  const { pixels, blend, each } = canvas(size);
  const ground = hsl(0.08 + random() * 0.1, 0.35, 0.88 + random() * 0.06);
  each((x, y) => blend(Math.floor(x), Math.floor(y), ground, 1));
  const count = 1 + Math.floor(random() * 3);
  for (let n = 0; n < count; n++) {
    const colour = hsl((random() * 0.25 + 0.95) % 1, 0.6 + random() * 0.3, 0.35 + random() * 0.3);
    // Centres kept inside the frame, so every image shows its shapes.
    const cx = size * (0.2 + random() * 0.6);
    const cy = size * (0.2 + random() * 0.6);
    const radius = size * (0.12 + random() * 0.22);
    const rotation = random() * Math.PI * 2;
    const kind = Math.floor(random() * 3);
    const sides = 3 + Math.floor(random() * 4);
    const wobble = [random() * 0.25, random() * 0.2, random() * Math.PI * 2, random() * Math.PI * 2];
    const [w1 = 0, w2 = 0, p1 = 0, p2 = 0] = wobble;
    each((x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const distance = Math.hypot(dx, dy);
      const angle = Math.atan2(dy, dx) - rotation;
      let edge: number;
      if (kind === 0) {
        edge = radius;
      } else if (kind === 1) {
        // A regular polygon: its edge distance along this angle.
        const sector = (Math.PI * 2) / sides;
        const within = ((angle % sector) + sector) % sector;
        edge = (radius * Math.cos(Math.PI / sides)) / Math.cos(within - sector / 2);
      } else {
        edge = radius * (1 + w1 * Math.sin(3 * angle + p1) + w2 * Math.sin(5 * angle + p2));
      }
      // About one pixel of soft edge instead of jaggies.
      const alpha = clamp01(edge - distance + 0.5);
      if (alpha > 0) blend(Math.floor(x), Math.floor(y), colour, alpha);
    });
  }
  return pixels;
}

function paintTexture(size: number, random: () => number): Uint8Array {
  const { pixels, blend, each } = canvas(size);
  const hue = 0.5 + random() * 0.2;
  const light = hsl(hue, 0.4, 0.85);
  const dark = hsl(hue + 0.05, 0.6, 0.25 + random() * 0.15);
  const period = 4 + Math.floor(random() * 10);
  const angle = random() * Math.PI;
  const kind = Math.floor(random() * 4);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const phase = random() * period;
  const noise = kind === 3 ? valueNoise(random, period) : null;
  const wrap = (value: number) => ((value % period) + period) % period;
  each((x, y) => {
    const u = x * cos + y * sin + phase;
    const v = -x * sin + y * cos + phase;
    let ink: number;
    if (kind === 0) {
      // Soft-edged stripes: a steep ramp around the zero crossings of a sine.
      ink = clamp01(0.5 + Math.sin((u / period) * Math.PI * 2) * period * 0.5);
    } else if (kind === 1) {
      ink = (Math.floor(u / period) + Math.floor(v / period)) % 2 === 0 ? 1 : 0;
    } else if (kind === 2) {
      ink = clamp01(period * 0.3 - Math.hypot(wrap(u) - period / 2, wrap(v) - period / 2) + 0.5);
    } else {
      ink = noise ? noise(u, v) : 0;
    }
    blend(Math.floor(x), Math.floor(y), light, 1);
    blend(Math.floor(x), Math.floor(y), dark, ink);
  });
  return pixels;
}

/** Smooth value noise (a seeded lattice, smoothstep-interpolated) at two octaves, in 0..1. */
function valueNoise(random: () => number, period: number): (u: number, v: number) => number {
  const cells = 16;
  const lattice = Float32Array.from({ length: cells * cells }, () => random());
  const at = (i: number, j: number) =>
    lattice[(((j % cells) + cells) % cells) * cells + (((i % cells) + cells) % cells)] ?? 0;
  const smooth = (t: number) => t * t * (3 - 2 * t);
  const octave = (u: number, v: number) => {
    const [i, j] = [Math.floor(u), Math.floor(v)];
    const [fx, fy] = [smooth(u - i), smooth(v - j)];
    const top = at(i, j) + (at(i + 1, j) - at(i, j)) * fx;
    const bottom = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * fx;
    return top + (bottom - top) * fy;
  };
  const scale = 1 / (period * 1.5);
  return (u, v) =>
    clamp01((octave(u * scale, v * scale) * 0.7 + octave(u * scale * 3, v * scale * 3) * 0.3 - 0.2) * 1.6);
}
