/**
 * A small WebAssembly assembler: opcodes, LEB128 numbers, sections and loop shapes, enough to write
 * SIMD loops byte by byte in TypeScript (no compiler at build time) as modules importing a tfjs
 * wasm backend's memory.
 */

// Value types and opcodes (WebAssembly core 2.0 and its SIMD proposal, now part of it).
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  select: [0x1b],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  i32: (value: number) => [0x41, ...signedLeb(value)],
  f32Zero: [0x43, 0, 0, 0, 0],
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
  i32GeU: [0x4f],
  f32Lt: [0x5d],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32And: [0x71],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sub: [0x93],
  f32Sqrt: [0x91],
  v128Load: [0xfd, 0x00, 0, 0],
  v128Store: [0xfd, 0x0b, 0, 0],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Splat: [0xfd, 0x13],
  f32x4Lt: [0xfd, 0x43],
  v128Bitselect: [0xfd, 0x52],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Sub: [0xfd, 0xe5, 0x01],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Div: [0xfd, 0xf3, 0x01],
  f32x4DemoteF64x2Zero: [0xfd, 0x5e],
  f64x2PromoteLowF32x4: [0xfd, 0x5f],
  /** i8x16.shuffle(a, b) picking bytes `lanes` (0-15 from a, 16-31 from b). */
  shuffle: (lanes: number[]) => [0xfd, 0x0d, ...lanes],
  f32x4Div: [0xfd, 0xe7, 0x01],
  f32x4Sqrt: [0xfd, 0xe3, 0x01],
  tee: (local: number) => [0x22, local],
  call: (index: number) => [0x10, ...unsignedLeb(index)],
  i32Load: [0x28, 2, 0],
  i32Sub: [0x6b],
  i32LtU: [0x49],
  i32Ne: [0x47],
  i32Eqz: [0x45],
  /** v128.load / v128.store at a constant byte offset from the address on the stack. */
  v128LoadAt: (offset: number) => [0xfd, 0x00, 4, ...unsignedLeb(offset)],
  v128StoreAt: (offset: number) => [0xfd, 0x0b, 4, ...unsignedLeb(offset)],
  /** v128.load32_splat: one float, at a constant byte offset, in all four lanes. */
  f32x4LoadSplatAt: (offset: number) => [0xfd, 0x09, 2, ...unsignedLeb(offset)],
  /** Relaxed SIMD's f32x4.relaxed_madd(a, b, c) = a·b + c, fused where the CPU has FMA. */
  f32x4RelaxedMadd: [0xfd, 0x85, 0x02],
};

export function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

export function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

export const vector = (items: number[][]) => [...unsignedLeb(items.length), ...items.flat()];
export const section = (id: number, content: number[]) => [id, ...unsignedLeb(content.length), ...content];
export const name = (text: string) => vector([...new TextEncoder().encode(text)].map((byte) => [byte]));

/** `address(base, index)`: base + index·4, the byte address of float `index` from `base`. */
export const address = (base: number, index: number) => [
  ...op.get(base),
  ...op.get(index),
  ...op.i32(4),
  ...op.i32Mul,
  ...op.i32Add,
];

/** while (i < end) { body; i += step } */
export const countedLoop = (i: number, end: number, step: number, body: number[]) => [
  ...op.block,
  ...op.loop,
  ...op.get(i),
  ...op.get(end),
  ...op.i32GeU,
  ...op.brIf(1),
  ...body,
  ...op.get(i),
  ...op.i32(step),
  ...op.i32Add,
  ...op.set(i),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

/** i = 0; while (i < end) { body; i += step } */
export const fromZero = (i: number, end: number, step: number, body: number[]) => [
  ...op.i32(0),
  ...op.set(i),
  ...countedLoop(i, end, step, body),
];

/**
 * (row·width + column)·4: the byte offset of element (row, column) of a [rows][width] block of
 * 4-byte values, with `row` given as code (a local's value, or a constant).
 */
export const byteOffset = (row: number[], width: number, column: number) => [
  ...row,
  ...op.get(width),
  ...op.i32Mul,
  ...op.get(column),
  ...op.i32Add,
  ...op.i32(4),
  ...op.i32Mul,
];

/** at = (row·width + column)·4 (see byteOffset). */
export const setByteOffset = (at: number, row: number, width: number, column: number) => [
  ...byteOffset(op.get(row), width, column),
  ...op.set(at),
];

/** to = from rounded down to a multiple of 4: where the four-lane loop stops and the tail starts. */
export const floorToFour = (from: number, to: number) => [
  ...op.get(from),
  ...op.i32(-4),
  ...op.i32And,
  ...op.set(to),
];

/** base + x·y (a byte address and a byte offset made of two locals, e.g. row · row length). */
export const plusProduct = (base: number, x: number, y: number) => [
  ...op.get(base),
  ...op.get(x),
  ...op.get(y),
  ...op.i32Mul,
  ...op.i32Add,
];

/** base + (row·width + column)·4: the address of element (row, column) (see byteOffset). */
export const elementAddress = (base: number, row: number, width: number, column: number) => [
  ...op.get(base),
  ...byteOffset(op.get(row), width, column),
  ...op.i32Add,
];

/** i8x16.shuffle picking float lanes: 0-3 from the first vector, 4-7 from the second. */
export const floatShuffle = (lanes: number[]) =>
  op.shuffle(lanes.flatMap((f) => [4 * f, 4 * f + 1, 4 * f + 2, 4 * f + 3]));

/**
 * The first half of a 4×4 float transpose: rows r0..r3 (v128 locals) interleaved in pairs into
 * t0..t3; `transposedRow(k, t)` then gives row k of the transpose (column k of the rows).
 */
export const interleaveRows = ([r0, r1, r2, r3]: readonly number[], [t0, t1, t2, t3]: readonly number[]) =>
  [
    [r0, r1, [0, 4, 1, 5], t0],
    [r0, r1, [2, 6, 3, 7], t1],
    [r2, r3, [0, 4, 1, 5], t2],
    [r2, r3, [2, 6, 3, 7], t3],
  ].flatMap(([a, b, lanes, t]) => [
    ...op.get(a as number),
    ...op.get(b as number),
    ...floatShuffle(lanes as number[]),
    ...op.set(t as number),
  ]);

/** Row k (0-3) of the transpose, on the stack, from interleaveRows' t0..t3. */
export const transposedRow = (k: number, [t0, t1, t2, t3]: readonly number[]) => [
  ...op.get((k < 2 ? t0 : t1) as number),
  ...op.get((k < 2 ? t2 : t3) as number),
  ...floatShuffle(k % 2 === 0 ? [0, 1, 4, 5] : [2, 3, 6, 7]),
];

/** base + offset (byte addresses). */
export const plus = (base: number, offset: number) => [...op.get(base), ...op.get(offset), ...op.i32Add];

export interface FunctionSpec {
  name: string;
  params: number[];
  locals: number[];
  body: number[];
}

/** A module's bytes: `functions`, each exported under its name, importing env.memory (shared, as the threaded build's, or not). */
export function assembleModule(functions: FunctionSpec[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector([])]);
  const maxPages = 65536;
  const memoryLimits = sharedMemory
    ? [0x03, ...unsignedLeb(1), ...unsignedLeb(maxPages)]
    : [0x00, ...unsignedLeb(1)];
  const bodies = functions.map((f) => {
    const locals = vector(f.locals.map((type) => [1, type]));
    const code = [...locals, ...f.body, ...op.end];
    return [...unsignedLeb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...memoryLimits]])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(7, vector(functions.map((f, index) => [...name(f.name), 0x00, ...unsignedLeb(index)]))),
    ...section(10, vector(bodies)),
  ]);
}
