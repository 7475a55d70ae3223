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

/**
 * Paints one abstract image as raw RGB: 'shapes' are soft discs, bars and triangles on pale grounds
 * (warm palette); 'textures' are stripes, checks and dot grids (cool palette). Both are structured
 * enough for a GAN to learn in minutes, and different enough to translate between.
 */
export function paintSample(domain: SampleDomain, size: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const pixels = new Uint8Array(size * size * 3);
  const set = (x: number, y: number, [r, g, b]: Rgb, alpha: number) => {
    const i = (y * size + x) * 3;
    pixels[i] = Math.round((pixels[i] ?? 0) * (1 - alpha) + r * alpha);
    pixels[i + 1] = Math.round((pixels[i + 1] ?? 0) * (1 - alpha) + g * alpha);
    pixels[i + 2] = Math.round((pixels[i + 2] ?? 0) * (1 - alpha) + b * alpha);
  };
  const each = (paint: (x: number, y: number) => void) => {
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) paint(x, y);
  };

  if (domain === 'shapes') {
    const ground = hsl(0.08 + random() * 0.1, 0.35, 0.9);
    each((x, y) => set(x, y, ground, 1));
    const count = 1 + Math.floor(random() * 3);
    for (let n = 0; n < count; n++) {
      const colour = hsl((random() * 0.25 + 0.95) % 1, 0.6 + random() * 0.3, 0.35 + random() * 0.3);
      const cx = random() * size;
      const cy = random() * size;
      const radius = size * (0.12 + random() * 0.25);
      const kind = Math.floor(random() * 3);
      each((x, y) => {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        const inside =
          kind === 0
            ? radius - Math.hypot(dx, dy)
            : kind === 1
              ? Math.min(radius - Math.abs(dx), radius * 0.45 - Math.abs(dy))
              : Math.min(dy + radius * 0.6, radius * 0.8 - dy * 0.5 - Math.abs(dx));
        // One pixel of soft edge instead of jaggies.
        const alpha = Math.max(0, Math.min(1, inside + 0.5));
        if (alpha > 0) set(x, y, colour, alpha);
      });
    }
    return pixels;
  }

  const hue = 0.5 + random() * 0.2;
  const light = hsl(hue, 0.4, 0.85);
  const dark = hsl(hue + 0.05, 0.6, 0.25 + random() * 0.15);
  const period = 4 + Math.floor(random() * 10);
  const angle = random() * Math.PI;
  const kind = Math.floor(random() * 3);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const phase = random() * period;
  const wrap = (value: number) => ((value % period) + period) % period;
  each((x, y) => {
    const u = x * cos + y * sin + phase;
    const v = -x * sin + y * cos + phase;
    const on =
      kind === 0
        ? Math.sin((u / period) * Math.PI * 2) > 0
        : kind === 1
          ? (Math.floor(u / period) + Math.floor(v / period)) % 2 === 0
          : Math.hypot(wrap(u) - period / 2, wrap(v) - period / 2) < period * 0.3;
    set(x, y, on ? dark : light, 1);
  });
  return pixels;
}
