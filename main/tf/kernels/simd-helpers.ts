/**
 * A few SIMD loops for tensors in tfjs-backend-wasm's heap, as a WebAssembly module written here
 * byte by byte (no compiler is needed at build time), importing the backend's own memory so that
 * they read and write tensors in place. Each arithmetic loop does, lane by lane, exactly the
 * operations of the backend's kernel (or tfjs's gradient ops) it stands in for, in the same order;
 * the others (transpose, patch gathering) only move data.
 *
 * Why: those kernels are scalar loops (or, written in JavaScript, ~2 ns an element); 128-bit SIMD
 * does four lanes at a time.
 */

import { type WasmMemory, webAssembly } from '../webassembly-api.js';
import {
  F32,
  I32,
  V128,
  address,
  assembleModule,
  byteOffset,
  countedLoop,
  type FunctionSpec,
  floorToFour,
  fromZero,
  interleaveRows,
  op,
  plus,
  setByteOffset,
  transposedRow,
} from './wasm-assembler.js';

/** The exported loops; pointers are byte offsets into the memory, counts are elements. */
export interface SimdHelpers {
  /** out[i] = 0 + rows[0][i] + rows[1][i] + … for i < width: rows of `width` floats from `x` on. */
  sumRows(x: number, out: number, rows: number, width: number): void;
  /** out[i] = out[i] / divisor, for i < count, in float32. */
  divide(out: number, count: number, divisor: number): void;
  /** out[i] = x[i] < 0 ? α·x[i] : x[i], in float32. */
  leakyRelu(x: number, out: number, count: number, alpha: number): void;
  /**
   * One Adam step for `count` parameters, every operation in float32 and in this order (as the op
   * composition in models/adam.ts computes it): m' = m·β1 + g·c1, v' = v·β2 + (g·g)·c2,
   * w' = w − (m' / (√v' + ε))·step; written to outW, outM, outV.
   */
  adamStep(
    w: number,
    g: number,
    m: number,
    v: number,
    outW: number,
    outM: number,
    outV: number,
    count: number,
    beta1: number,
    c1: number,
    beta2: number,
    c2: number,
    epsilon: number,
    step: number,
  ): void;
  /**
   * out[r][c] = float32(offset[c] + a / deviation[c]) with a = (x[r][c] − mean[c]) · scale[c] in
   * float32 and the division and addition in double precision, as tfjs-backend-wasm's
   * FusedBatchNorm computes it; `deviation` and `offset` are doubles, the others floats; `rows`
   * rows of `channels` floats (a multiple of 4).
   */
  batchNorm(
    x: number,
    mean: number,
    scale: number,
    deviation: number,
    offset: number,
    out: number,
    rows: number,
    channels: number,
  ): void;
  /**
   * out[c][p][b] = x[b][p][c] for b < outer, p < middle, c < inner (outer and inner multiples of
   * 4): the transpose that swaps the first and last of three axes, in 4×4 tiles.
   */
  swapOuterInner(x: number, out: number, outer: number, middle: number, inner: number): void;
  /**
   * Batch norm's backward pass over `rows` rows of `channels` floats (a multiple of 4), with tfjs's
   * gradient's float32 operations: d = x − mean, g = dy·scale; dx = (dy·r)·scale; and, summed over
   * the rows from 0 in order, sums[0] += negR·g, sums[1] += (halfCube·d)·g, sums[2] += dy·(d·r),
   * sums[3] += dy, where r, negR and halfCube are per-channel floats and sums four rows of
   * `channels` floats.
   */
  /**
   * The transposed patch matrix of a stride-1 convolution without padding, from a channels-first
   * input cf[C][B][H][W]: out[(i·kw + j)·C + c][(b·outH + p)·outW + q] = cf[c][b][p + i][q + j].
   */
  gatherWindows(
    cf: number,
    out: number,
    channels: number,
    batch: number,
    height: number,
    width: number,
    kh: number,
    kw: number,
    outH: number,
    outW: number,
  ): void;
  /** out[c] = Σ over rows of (x[r][c] − mean[c])², in float32 from 0 in row order. */
  squaredDeviations(x: number, mean: number, out: number, rows: number, channels: number): void;
  /** xHat = (x − mean)·inverse and y = γ·xHat + β, per channel, in float32. */
  normalise(
    x: number,
    mean: number,
    inverse: number,
    gamma: number,
    beta: number,
    xHat: number,
    y: number,
    rows: number,
    channels: number,
  ): void;
  /** sums[0..3][c] = Σ dy, Σ dy·xHat, Σ dy·γ, Σ (dy·γ)·xHat over rows, in float32 from 0 in row order. */
  normaliseGradientSums(
    dy: number,
    xHat: number,
    gamma: number,
    sums: number,
    rows: number,
    channels: number,
  ): void;
  /** dx = inverse·((dy·γ − meanG) − xHat·meanGxHat), per channel, in float32. */
  normaliseGradientInput(
    dy: number,
    xHat: number,
    gamma: number,
    inverse: number,
    meanG: number,
    meanGxHat: number,
    dx: number,
    rows: number,
    channels: number,
  ): void;
  batchNormGradient(
    x: number,
    dy: number,
    mean: number,
    scale: number,
    perChannel: number,
    dx: number,
    sums: number,
    rows: number,
    channels: number,
  ): void;
}

// sumRows(x, out, rows, width); locals: i, r, width4, row.
const sumRows: FunctionSpec = (() => {
  const [x, out, rows, width, i, r, width4, row] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'sumRows',
    params: [I32, I32, I32, I32],
    locals: [I32, I32, I32, I32],
    body: [
      ...fromZero(i, width, 1, [...address(out, i), ...op.f32Zero, ...op.f32Store]),
      ...floorToFour(width, width4),
      ...fromZero(r, rows, 1, [
        // row = x + r·width·4
        ...op.get(x),
        ...op.get(r),
        ...op.get(width),
        ...op.i32Mul,
        ...op.i32(4),
        ...op.i32Mul,
        ...op.i32Add,
        ...op.set(row),
        ...fromZero(i, width4, 4, [
          ...address(out, i),
          ...address(out, i),
          ...op.v128Load,
          ...address(row, i),
          ...op.v128Load,
          ...op.f32x4Add,
          ...op.v128Store,
        ]),
        ...countedLoop(i, width, 1, [
          ...address(out, i),
          ...address(out, i),
          ...op.f32Load,
          ...address(row, i),
          ...op.f32Load,
          ...op.f32Add,
          ...op.f32Store,
        ]),
      ]),
    ],
  };
})();

// divide(out, count, divisor); locals: i, count4, divisors.
const divide: FunctionSpec = (() => {
  const [out, count, divisor, i, count4, divisors] = [0, 1, 2, 3, 4, 5];
  return {
    name: 'divide',
    params: [I32, I32, F32],
    locals: [I32, I32, V128],
    body: [
      ...op.get(divisor),
      ...op.f32x4Splat,
      ...op.set(divisors),
      ...floorToFour(count, count4),
      ...fromZero(i, count4, 4, [
        ...address(out, i),
        ...address(out, i),
        ...op.v128Load,
        ...op.get(divisors),
        ...op.f32x4Div,
        ...op.v128Store,
      ]),
      ...countedLoop(i, count, 1, [
        ...address(out, i),
        ...address(out, i),
        ...op.f32Load,
        ...op.get(divisor),
        ...op.f32Div,
        ...op.f32Store,
      ]),
    ],
  };
})();

// leakyRelu(x, out, count, alpha); locals: i, count4, alphas, v, s.
const leakyRelu: FunctionSpec = (() => {
  const [x, out, count, alpha, i, count4, alphas, v, s] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  // select(α·v, v, v < 0): α·v where v < 0, v elsewhere; four lanes (bitselect on a lane mask) or one.
  const lanes = {
    value: v,
    alpha: alphas,
    load: op.v128Load,
    store: op.v128Store,
    mul: op.f32x4Mul,
    choose: [...op.v128Zero, ...op.f32x4Lt, ...op.v128Bitselect],
  };
  const scalar = {
    value: s,
    alpha,
    load: op.f32Load,
    store: op.f32Store,
    mul: op.f32Mul,
    choose: [...op.f32Zero, ...op.f32Lt, ...op.select],
  };
  const step = (kind: typeof lanes) => [
    ...address(x, i),
    ...kind.load,
    ...op.set(kind.value),
    ...address(out, i),
    ...op.get(kind.value),
    ...op.get(kind.alpha),
    ...kind.mul,
    ...op.get(kind.value),
    ...op.get(kind.value),
    ...kind.choose,
    ...kind.store,
  ];
  return {
    name: 'leakyRelu',
    params: [I32, I32, I32, F32],
    locals: [I32, I32, V128, V128, F32],
    body: [
      ...op.get(alpha),
      ...op.f32x4Splat,
      ...op.set(alphas),
      ...floorToFour(count, count4),
      ...fromZero(i, count4, 4, step(lanes)),
      ...countedLoop(i, count, 1, step(scalar)),
    ],
  };
})();

// adamStep(w, g, m, v, outW, outM, outV, count, β1, c1, β2, c2, ε, step): see SimdHelpers.adamStep.
const adamStep: FunctionSpec = (() => {
  const [w, g, m, v, outW, outM, outV, count] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [beta1, c1, beta2, c2, epsilon, step] = [8, 9, 10, 11, 12, 13];
  const [i, count4] = [14, 15];
  // Splatted constants, then per-element values (four lanes, then one in the tail).
  const lanes = (scalar: number) => 16 + (scalar - beta1);
  const [gv, mv, vv] = [22, 23, 24];
  const [gs, ms, vs] = [25, 26, 27];
  const body = (
    load: number[],
    store: number[],
    constant: (scalar: number) => number[],
    { mul, add, sub, div, sqrt }: Record<'mul' | 'add' | 'sub' | 'div' | 'sqrt', number[]>,
    { gl, ml, vl }: Record<'gl' | 'ml' | 'vl', number>,
  ) => [
    ...address(g, i),
    ...load,
    ...op.set(gl),
    // m' = m·β1 + g·c1
    ...address(outM, i),
    ...address(m, i),
    ...load,
    ...constant(beta1),
    ...mul,
    ...op.get(gl),
    ...constant(c1),
    ...mul,
    ...add,
    ...op.tee(ml),
    ...store,
    // v' = v·β2 + (g·g)·c2
    ...address(outV, i),
    ...address(v, i),
    ...load,
    ...constant(beta2),
    ...mul,
    ...op.get(gl),
    ...op.get(gl),
    ...mul,
    ...constant(c2),
    ...mul,
    ...add,
    ...op.tee(vl),
    ...store,
    // w' = w − (m' / (√v' + ε))·step
    ...address(outW, i),
    ...address(w, i),
    ...load,
    ...op.get(ml),
    ...op.get(vl),
    ...sqrt,
    ...constant(epsilon),
    ...add,
    ...div,
    ...constant(step),
    ...mul,
    ...sub,
    ...store,
  ];
  const splats = [beta1, c1, beta2, c2, epsilon, step].flatMap((scalar) => [
    ...op.get(scalar),
    ...op.f32x4Splat,
    ...op.set(lanes(scalar)),
  ]);
  return {
    name: 'adamStep',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32],
    locals: [I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, F32, F32, F32],
    body: [
      ...splats,
      ...floorToFour(count, count4),
      ...fromZero(
        i,
        count4,
        4,
        body(
          op.v128Load,
          op.v128Store,
          (scalar) => op.get(lanes(scalar)),
          { mul: op.f32x4Mul, add: op.f32x4Add, sub: op.f32x4Sub, div: op.f32x4Div, sqrt: op.f32x4Sqrt },
          { gl: gv, ml: mv, vl: vv },
        ),
      ),
      ...countedLoop(
        i,
        count,
        1,
        body(
          op.f32Load,
          op.f32Store,
          (scalar) => op.get(scalar),
          { mul: op.f32Mul, add: op.f32Add, sub: op.f32Sub, div: op.f32Div, sqrt: op.f32Sqrt },
          { gl: gs, ml: ms, vl: vs },
        ),
      ),
    ],
  };
})();

// batchNorm(x, mean, scale, deviation, offset, out, rows, channels); locals: r, c, at, a, low, high.
const batchNorm: FunctionSpec = (() => {
  const [x, mean, scale, deviation, offset, out, rows, channels, r, c, at, a, low, high] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ];
  const bytes = (from: number) => Array.from({ length: 8 }, (_, i) => from + i);
  /** pair = offset[c + k, c + k + 1] + pair / deviation[c + k, c + k + 1] (doubles; k = 0 or 2) */
  const finish = (pair: number, k: number) => [
    // &offset[c + k]: offset + (c + k)·8
    ...op.get(offset),
    ...op.get(c),
    ...op.i32(k),
    ...op.i32Add,
    ...op.i32(8),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.v128Load,
    ...op.get(pair),
    ...op.get(deviation),
    ...op.get(c),
    ...op.i32(k),
    ...op.i32Add,
    ...op.i32(8),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.v128Load,
    ...op.f64x2Div,
    ...op.f64x2Add,
    ...op.set(pair),
  ];
  return {
    name: 'batchNorm',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, V128, V128, V128],
    body: [
      ...fromZero(r, rows, 1, [
        ...fromZero(c, channels, 4, [
          // at = (r·channels + c)·4, the byte offset of this vector in the full-size tensors
          ...setByteOffset(at, r, channels, c),
          // a = (x − mean) · scale, in float32
          ...plus(x, at),
          ...op.v128Load,
          ...address(mean, c),
          ...op.v128Load,
          ...op.f32x4Sub,
          ...address(scale, c),
          ...op.v128Load,
          ...op.f32x4Mul,
          ...op.set(a),
          // lanes 0-1 and 2-3 as doubles
          ...op.get(a),
          ...op.f64x2PromoteLowF32x4,
          ...op.set(low),
          ...op.get(a),
          ...op.get(a),
          ...op.shuffle([...bytes(8), ...bytes(0)]),
          ...op.f64x2PromoteLowF32x4,
          ...op.set(high),
          ...finish(low, 0),
          ...finish(high, 2),
          // out = the four, rounded to float32
          ...plus(out, at),
          ...op.get(low),
          ...op.f32x4DemoteF64x2Zero,
          ...op.get(high),
          ...op.f32x4DemoteF64x2Zero,
          ...op.shuffle([...bytes(0), ...bytes(16)]),
          ...op.v128Store,
        ]),
      ]),
    ],
  };
})();

// swapOuterInner(x, out, outer, middle, inner); locals: p, c, b, from, to, r0..r3, t0..t3.
const swapOuterInner: FunctionSpec = (() => {
  const [x, out, outer, middle, inner, p, c, b, from, to] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r0, r1, r2, r3, t0, t1, t2, t3] = [10, 11, 12, 13, 14, 15, 16, 17];
  /** The byte address `base + (a·stride + offset)·4`, with `stride` a product of two locals. */
  const rowAddress = (base: number, a: number, k: number, s1: number, s2: number, offset: number) => [
    ...op.get(base),
    ...op.get(a),
    ...op.i32(k),
    ...op.i32Add,
    ...op.get(s1),
    ...op.get(s2),
    ...op.i32Mul,
    ...op.i32Mul,
    ...op.get(offset),
    ...op.i32Add,
    ...op.i32(4),
    ...op.i32Mul,
    ...op.i32Add,
  ];
  return {
    name: 'swapOuterInner',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      ...fromZero(p, middle, 1, [
        ...fromZero(c, inner, 4, [
          // from = p·inner + c (x's element index within a row b), to = p·outer (out's within row c)
          ...op.get(p),
          ...op.get(inner),
          ...op.i32Mul,
          ...op.get(c),
          ...op.i32Add,
          ...op.set(from),
          ...op.get(p),
          ...op.get(outer),
          ...op.i32Mul,
          ...op.set(to),
          ...fromZero(b, outer, 4, [
            // r_k = x[b + k][p][c..c+3]
            ...[r0, r1, r2, r3].flatMap((r, k) => [
              ...rowAddress(x, b, k, middle, inner, from),
              ...op.v128Load,
              ...op.set(r),
            ]),
            ...interleaveRows([r0, r1, r2, r3], [t0, t1, t2, t3]),
            // out[c + k][p][b..b+3] = column k of the tile
            ...[0, 1, 2, 3].flatMap((k) => [
              // out + ((c + k)·middle·outer + to + b)·4
              ...rowAddress(out, c, k, middle, outer, to),
              ...op.get(b),
              ...op.i32(4),
              ...op.i32Mul,
              ...op.i32Add,
              ...transposedRow(k, [t0, t1, t2, t3]),
              ...op.v128Store,
            ]),
          ]),
        ]),
      ]),
    ],
  };
})();

/**
 * A function over `rows` rows of `channels` floats (a multiple of 4), its last two parameters:
 * `zeroed` rows of `channels` floats at parameter `zeroedAt` are set to 0 first, then `perVector`
 * runs for every four channels c of every row r, with local `at` = (r·channels + c)·4.
 */
function channelRows(
  name: keyof SimdHelpers,
  pointers: number,
  extraLocals: number[],
  perVector: (at: number, c: number, channels: number, firstExtra: number) => number[],
  zeroed?: { at: number; rows: number },
): FunctionSpec {
  const [rows, channels] = [pointers, pointers + 1];
  const [r, c, at, i, end] = [pointers + 2, pointers + 3, pointers + 4, pointers + 5, pointers + 6];
  const clear = zeroed
    ? [
        ...op.get(channels),
        ...op.i32(zeroed.rows),
        ...op.i32Mul,
        ...op.set(end),
        ...fromZero(i, end, 1, [...address(zeroed.at, i), ...op.f32Zero, ...op.f32Store]),
      ]
    : [];
  return {
    name,
    params: [...new Array<number>(pointers).fill(I32), I32, I32],
    locals: [I32, I32, I32, I32, I32, ...extraLocals],
    body: [
      ...clear,
      ...fromZero(r, rows, 1, [
        ...fromZero(c, channels, 4, [
          ...setByteOffset(at, r, channels, c),
          ...perVector(at, c, channels, end + 1),
        ]),
      ]),
    ],
  };
}

/** &base[k·channels + c]: element c of row k of a [rows][channels] block of floats. */
const channelAddress = (base: number, c: number, channels: number, k = 0) => [
  ...op.get(base),
  ...byteOffset(op.i32(k), channels, c),
  ...op.i32Add,
];

/** The four floats at &base[k·channels + c]. */
const channelVector = (base: number, c: number, channels: number, k = 0) => [
  ...channelAddress(base, c, channels, k),
  ...op.v128Load,
];

/** base[k·channels + c ..] += the vector `term` leaves on the stack. */
const addToChannelVector = (base: number, c: number, channels: number, k: number, term: number[]) => [
  ...channelAddress(base, c, channels, k),
  ...channelVector(base, c, channels, k),
  ...term,
  ...op.f32x4Add,
  ...op.v128Store,
];

// batchNormGradient(x, dy, mean, scale, perChannel, dx, sums, rows, channels), perChannel holding
// r, negR and halfCube as three rows of `channels` floats.
const batchNormGradient = channelRows(
  'batchNormGradient',
  7,
  [V128, V128, V128, V128],
  (at, c, channels, d) => {
    const [x, dy, mean, scale, perChannel, dx, sums] = [0, 1, 2, 3, 4, 5, 6];
    const [g, dyv, rv] = [d + 1, d + 2, d + 3];
    return [
      ...plus(dy, at),
      ...op.v128Load,
      ...op.set(dyv),
      ...channelVector(perChannel, c, channels, 0),
      ...op.set(rv),
      // d = x − mean, g = dy·scale
      ...plus(x, at),
      ...op.v128Load,
      ...channelVector(mean, c, channels),
      ...op.f32x4Sub,
      ...op.set(d),
      ...op.get(dyv),
      ...channelVector(scale, c, channels),
      ...op.f32x4Mul,
      ...op.set(g),
      // dx = (dy·r)·scale
      ...plus(dx, at),
      ...op.get(dyv),
      ...op.get(rv),
      ...op.f32x4Mul,
      ...channelVector(scale, c, channels),
      ...op.f32x4Mul,
      ...op.v128Store,
      ...addToChannelVector(sums, c, channels, 0, [
        ...channelVector(perChannel, c, channels, 1),
        ...op.get(g),
        ...op.f32x4Mul,
      ]),
      ...addToChannelVector(sums, c, channels, 1, [
        ...channelVector(perChannel, c, channels, 2),
        ...op.get(d),
        ...op.f32x4Mul,
        ...op.get(g),
        ...op.f32x4Mul,
      ]),
      ...addToChannelVector(sums, c, channels, 2, [
        ...op.get(dyv),
        ...op.get(d),
        ...op.get(rv),
        ...op.f32x4Mul,
        ...op.f32x4Mul,
      ]),
      ...addToChannelVector(sums, c, channels, 3, op.get(dyv)),
    ];
  },
  { at: 6, rows: 4 },
);

// gatherWindows(cf, out, channels, batch, height, width, kh, kw, outH, outW);
// locals: i, j, c, b, p, q, src, dst, outW4.
const gatherWindows: FunctionSpec = (() => {
  const [cf, out, channels, batch, height, width, kh, kw, outH, outW] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [i, j, c, b, p, q, src, dst, outW4] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
  return {
    name: 'gatherWindows',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    body: [
      ...floorToFour(outW, outW4),
      ...op.get(out),
      ...op.set(dst),
      ...fromZero(i, kh, 1, [
        ...fromZero(j, kw, 1, [
          ...fromZero(c, channels, 1, [
            ...fromZero(b, batch, 1, [
              ...fromZero(p, outH, 1, [
                // src = cf + (((c·batch + b)·height + p + i)·width + j)·4
                ...op.get(cf),
                ...op.get(c),
                ...op.get(batch),
                ...op.i32Mul,
                ...op.get(b),
                ...op.i32Add,
                ...op.get(height),
                ...op.i32Mul,
                ...op.get(p),
                ...op.i32Add,
                ...op.get(i),
                ...op.i32Add,
                ...op.get(width),
                ...op.i32Mul,
                ...op.get(j),
                ...op.i32Add,
                ...op.i32(4),
                ...op.i32Mul,
                ...op.i32Add,
                ...op.set(src),
                ...fromZero(q, outW4, 4, [
                  ...address(dst, q),
                  ...address(src, q),
                  ...op.v128Load,
                  ...op.v128Store,
                ]),
                ...countedLoop(q, outW, 1, [
                  ...address(dst, q),
                  ...address(src, q),
                  ...op.f32Load,
                  ...op.f32Store,
                ]),
                // dst += outW·4
                ...address(dst, outW),
                ...op.set(dst),
              ]),
            ]),
          ]),
        ]),
      ]),
    ],
  };
})();

// squaredDeviations(x, mean, out, rows, channels)
const squaredDeviations = channelRows(
  'squaredDeviations',
  3,
  [V128],
  (at, c, channels, d) => {
    const [x, mean, out] = [0, 1, 2];
    return [
      ...plus(x, at),
      ...op.v128Load,
      ...channelVector(mean, c, channels),
      ...op.f32x4Sub,
      ...op.set(d),
      ...addToChannelVector(out, c, channels, 0, [...op.get(d), ...op.get(d), ...op.f32x4Mul]),
    ];
  },
  { at: 2, rows: 1 },
);

// normalise(x, mean, inverse, gamma, beta, xHat, y, rows, channels)
const normalise = channelRows('normalise', 7, [V128], (at, c, channels, xh) => {
  const [x, mean, inverse, gamma, beta, xHat, y] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...plus(x, at),
    ...op.v128Load,
    ...channelVector(mean, c, channels),
    ...op.f32x4Sub,
    ...channelVector(inverse, c, channels),
    ...op.f32x4Mul,
    ...op.set(xh),
    ...plus(xHat, at),
    ...op.get(xh),
    ...op.v128Store,
    ...plus(y, at),
    ...channelVector(gamma, c, channels),
    ...op.get(xh),
    ...op.f32x4Mul,
    ...channelVector(beta, c, channels),
    ...op.f32x4Add,
    ...op.v128Store,
  ];
});

// normaliseGradientSums(dy, xHat, gamma, sums, rows, channels)
const normaliseGradientSums = channelRows(
  'normaliseGradientSums',
  4,
  [V128, V128, V128],
  (at, c, channels, d) => {
    const [dy, xHat, gamma, sums] = [0, 1, 2, 3];
    const [xh, g] = [d + 1, d + 2];
    return [
      ...plus(dy, at),
      ...op.v128Load,
      ...op.set(d),
      ...plus(xHat, at),
      ...op.v128Load,
      ...op.set(xh),
      ...op.get(d),
      ...channelVector(gamma, c, channels),
      ...op.f32x4Mul,
      ...op.set(g),
      ...addToChannelVector(sums, c, channels, 0, op.get(d)),
      ...addToChannelVector(sums, c, channels, 1, [...op.get(d), ...op.get(xh), ...op.f32x4Mul]),
      ...addToChannelVector(sums, c, channels, 2, op.get(g)),
      ...addToChannelVector(sums, c, channels, 3, [...op.get(g), ...op.get(xh), ...op.f32x4Mul]),
    ];
  },
  { at: 3, rows: 4 },
);

// normaliseGradientInput(dy, xHat, gamma, inverse, meanG, meanGxHat, dx, rows, channels)
const normaliseGradientInput = channelRows('normaliseGradientInput', 7, [], (at, c, channels) => {
  const [dy, xHat, gamma, inverse, meanG, meanGxHat, dx] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...plus(dx, at),
    ...channelVector(inverse, c, channels),
    ...plus(dy, at),
    ...op.v128Load,
    ...channelVector(gamma, c, channels),
    ...op.f32x4Mul,
    ...channelVector(meanG, c, channels),
    ...op.f32x4Sub,
    ...plus(xHat, at),
    ...op.v128Load,
    ...channelVector(meanGxHat, c, channels),
    ...op.f32x4Mul,
    ...op.f32x4Sub,
    ...op.f32x4Mul,
    ...op.v128Store,
  ];
});

const functions: FunctionSpec[] = [
  sumRows,
  divide,
  leakyRelu,
  adamStep,
  batchNorm,
  swapOuterInner,
  batchNormGradient,
  gatherWindows,
  squaredDeviations,
  normalise,
  normaliseGradientSums,
  normaliseGradientInput,
];

/** The module's bytes, importing env.memory (shared, as the threaded build's, or not). */
export function simdHelpersModule(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  return assembleModule(functions, sharedMemory);
}

const instances = new WeakMap<WasmMemory, SimdHelpers | null>();

/**
 * The helpers over `memory`, instantiated once per memory; null where this runtime has no
 * WebAssembly SIMD (the callers then use their JavaScript loops).
 */
export function simdHelpersFor(memory: WasmMemory): SimdHelpers | null {
  const known = instances.get(memory);
  if (known !== undefined) return known;
  const helpers = instantiate(memory);
  instances.set(memory, helpers);
  return helpers;
}

function instantiate(memory: WasmMemory): SimdHelpers | null {
  try {
    const bytes = simdHelpersModule(memory.buffer instanceof SharedArrayBuffer);
    const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as SimdHelpers;
  } catch {
    return null;
  }
}
