/** A point in the generator's latent space. */
export type Latent = Float32Array;

/** Straight-line interpolation: (1 − t)·a + t·b. */
export function lerp(a: Latent, b: Latent, t: number): Latent {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - t) * (a[i] ?? 0) + t * (b[i] ?? 0);
  return out;
}

/**
 * Spherical interpolation (Shoemake, 1985), as White (2016, "Sampling Generative Networks")
 * recommends for Gaussian latents: a straight line between two samples passes near the origin,
 * where z has a norm no sample from N(0, I) has, while the great-circle arc keeps it typical.
 * slerp(a, b, t) = sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, with Ω the angle between a and b;
 * nearly parallel vectors fall back to lerp.
 */
export function slerp(a: Latent, b: Latent, t: number): Latent {
  const normA = norm(a);
  const normB = norm(b);
  if (normA === 0 || normB === 0) return lerp(a, b, t);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / (normA * normB))));
  if (Math.abs(Math.sin(omega)) < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / Math.sin(omega);
  const wb = Math.sin(t * omega) / Math.sin(omega);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * (a[i] ?? 0) + wb * (b[i] ?? 0);
  return out;
}

export function norm(v: Latent): number {
  let sum = 0;
  for (const x of v) sum += x * x;
  return Math.sqrt(sum);
}

export type Easing = 'linear' | 'ease-in-out';

/** Maps time in [0, 1] to progress in [0, 1]; ease-in-out is the smoothstep 3t² − 2t³. */
export function ease(t: number, easing: Easing): number {
  const clamped = Math.min(1, Math.max(0, t));
  return easing === 'linear' ? clamped : clamped * clamped * (3 - 2 * clamped);
}

export interface PathOptions {
  mode: 'lerp' | 'slerp';
  easing: Easing;
  /** Go on from the last keyframe back to the first, so the frames loop seamlessly. */
  loop: boolean;
}

/**
 * The latent at time `t` in [0, 1] along a path through two or more keyframes, each leg taking
 * an equal share of the time, each eased on its own (so motion settles at every keyframe).
 */
export function pathAt(keyframes: readonly Latent[], t: number, options: PathOptions): Latent {
  const first = keyframes[0];
  if (!first) throw new Error('A path needs at least one keyframe.');
  const stops = options.loop ? [...keyframes, first] : [...keyframes];
  const legs = stops.length - 1;
  if (legs === 0) return first.slice();
  const position = Math.min(1, Math.max(0, t)) * legs;
  const leg = Math.min(legs - 1, Math.floor(position));
  const from = stops[leg] ?? first;
  const to = stops[leg + 1] ?? first;
  const local = ease(position - leg, options.easing);
  return options.mode === 'slerp' ? slerp(from, to, local) : lerp(from, to, local);
}

/** `frames` evenly timed latents along the path; a loop leaves out the end (it is the first frame again). */
export function pathFrames(keyframes: readonly Latent[], frames: number, options: PathOptions): Latent[] {
  const steps = options.loop ? frames : Math.max(1, frames - 1);
  return Array.from({ length: frames }, (_, i) => pathAt(keyframes, i / steps, options));
}
