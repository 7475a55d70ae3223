/**
 * A matrix product C = init + A·B as a WebAssembly SIMD module written here byte by byte, importing
 * a tfjs wasm backend's memory so that it reads operands and writes the product in place.
 *
 * Shape of the computation (the textbook blocked GEMM: register tiles, packed panels, K blocks):
 * - A's rows are given by pointers, one per row and K block, in a row table. A plain product points
 *   into a row-major matrix; a convolution points each output position's row, for one filter tap,
 *   at the input pixel under that tap (or at zeros in the padding). No patch matrix is built.
 * - B is row-major (a filter [taps][inChannels][outChannels] is one already), read in place.
 * - A 4×8 register tile: eight accumulators, two B vectors, one broadcast A value, per k
 *   acc[r] += a[r]·b (a multiply and an add, or a fused multiply-add where relaxed SIMD has it).
 * - Before each tile row's pass over the columns, its four A rows are packed for the K block as
 *   [k][4] (4×4 transposes), so the inner loop reads them with one splat load each.
 *
 * Why: tfjs-backend-wasm's XNNPACK product ran at ~28 GFLOP/s a thread on this machine's CPU at
 * CycleGAN's shapes; this tile, measured alone, at ~40 (multiply and add) or ~48 (fused).
 */

import {
  I32,
  V128,
  type FunctionSpec,
  assembleModule,
  countedLoop,
  elementAddress,
  interleaveRows,
  op,
  plus,
  plusProduct,
  transposedRow,
} from './wasm-assembler.js';

/** The module's exports; pointers are byte offsets into the memory. */
export interface GemmExports {
  /**
   * Rows [rowsBegin, rowsEnd) (multiples of 4) of C = init + A·B, for C with `m` rows and `n`
   * columns (n a multiple of 8) and A with kTotal columns in `segments` segments of `kb` (the last
   * may be shorter). rowTable holds, for segment s and row i, the address of A[i][s·kb] at
   * rowTable + (s·mPad + i)·4 (rows at and past m may point at zeros): a convolution's segment is
   * one filter tap. K blocks of `perBlock` segments are packed together and summed in one pass.
   * B's row k is at b + k·ldb. init is a row of n floats added to every row (a bias, or zeros).
   * A last, partial tile row is written to `scratch` (4 rows, ldc apart) instead of C; the caller
   * copies its valid rows. `pack` is room for 4·kb·perBlock floats; rows are done `chunk` at a
   * time through all K blocks.
   */
  gemm(
    rowTable: number,
    mPad: number,
    m: number,
    segments: number,
    kb: number,
    kTotal: number,
    perBlock: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    n: number,
    pack: number,
    scratch: number,
    init: number,
    chunk: number,
    rowsBegin: number,
    rowsEnd: number,
  ): void;
}

// tile(pack, b, ldb, c, ldc, k, init, initStride): the 4×8 block of C at c (rows ldc bytes apart)
// = rows of `init` (initStride bytes apart; 0 repeats one row) + Σₖ pack[k][r]·B[k][0..8].
function tile(fused: boolean): FunctionSpec {
  const [pack, b, ldb, c, ldc, k, init, initStride] = [0, 1, 2, 3, 4, 5, 6, 7];
  const acc = (r: number, v: number) => 8 + r * 2 + v;
  const bv = (v: number) => 16 + v;
  const [a, at] = [18, 19];
  const load: number[] = [...op.get(init), ...op.set(at)];
  const store: number[] = [...op.get(c), ...op.set(at)];
  const step: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (let v = 0; v < 2; v++) {
      load.push(...op.get(at), ...op.v128LoadAt(16 * v), ...op.set(acc(r, v)));
      store.push(...op.get(at), ...op.get(acc(r, v)), ...op.v128StoreAt(16 * v));
    }
    load.push(...plus(at, initStride), ...op.set(at));
    store.push(...plus(at, ldc), ...op.set(at));
  }
  for (let v = 0; v < 2; v++) step.push(...op.get(b), ...op.v128LoadAt(16 * v), ...op.set(bv(v)));
  for (let r = 0; r < 4; r++) {
    step.push(...op.get(pack), ...op.f32x4LoadSplatAt(4 * r), ...op.set(a));
    for (let v = 0; v < 2; v++) {
      step.push(
        ...(fused
          ? [...op.get(a), ...op.get(bv(v)), ...op.get(acc(r, v)), ...op.f32x4RelaxedMadd]
          : [...op.get(a), ...op.get(bv(v)), ...op.f32x4Mul, ...op.get(acc(r, v)), ...op.f32x4Add]),
        ...op.set(acc(r, v)),
      );
    }
  }
  return {
    name: 'tile',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [...new Array<number>(11).fill(V128), I32],
    body: [
      ...load,
      // do { …; pack += 16; b += ldb } while (--k)
      ...op.loop,
      ...step,
      ...op.get(pack),
      ...op.i32(16),
      ...op.i32Add,
      ...op.set(pack),
      ...plus(b, ldb),
      ...op.set(b),
      ...op.get(k),
      ...op.i32(1),
      ...op.i32Sub,
      ...op.tee(k),
      ...op.brIf(0),
      ...op.end,
      ...store,
    ],
  };
}

// packPanel(rows, kb, dest): dest[k][r] = rows[r][k] for the four row addresses at `rows`, k < kb.
const packPanel: FunctionSpec = (() => {
  const [rows, kb, dest, r0, kb4, at, v0, v1, v2, v3, t0, t1, t2, t3] = [
    0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  ];
  const row = (r: number) => r0 + r;
  const body: number[] = [];
  for (let r = 0; r < 4; r++) body.push(...op.get(rows), ...op.i32Load.slice(0, 2), 4 * r, ...op.set(row(r)));
  body.push(...op.get(kb), ...op.i32(-4), ...op.i32And, ...op.i32(4), ...op.i32Mul, ...op.set(kb4));
  // Four floats of each row at a time, transposed in registers (byte offset `at` into the rows).
  const loadRow = (r: number, v: number) => [...plus(row(r), at), ...op.v128Load, ...op.set(v)];
  const storeAt = (offset: number, value: number[]) => [...op.get(dest), ...value, ...op.v128StoreAt(offset)];
  const transposeStep = [
    ...loadRow(0, v0),
    ...loadRow(1, v1),
    ...loadRow(2, v2),
    ...loadRow(3, v3),
    ...interleaveRows([v0, v1, v2, v3], [t0, t1, t2, t3]),
    ...[0, 1, 2, 3].flatMap((k) => storeAt(16 * k, transposedRow(k, [t0, t1, t2, t3]))),
    ...op.get(dest),
    ...op.i32(64),
    ...op.i32Add,
    ...op.set(dest),
  ];
  const scalarStep: number[] = [];
  for (let r = 0; r < 4; r++) {
    scalarStep.push(...op.get(dest), ...plus(row(r), at), ...op.f32Load, ...op.f32Store.slice(0, 2), 4 * r);
  }
  scalarStep.push(...op.get(dest), ...op.i32(16), ...op.i32Add, ...op.set(dest));
  const kbBytes = kb; // reused: kb becomes kb·4, the end of the scalar tail in bytes
  return {
    name: 'packPanel',
    params: [I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      ...body,
      ...op.i32(0),
      ...op.set(at),
      ...countedLoop(at, kb4, 16, transposeStep),
      ...op.get(kb),
      ...op.i32(4),
      ...op.i32Mul,
      ...op.set(kbBytes),
      ...countedLoop(at, kbBytes, 4, scalarStep),
    ],
  };
})();

// gemm(…): see GemmExports.gemm. Function indices: 0 tile, 1 packPanel, 2 gemm.
const gemm: FunctionSpec = (() => {
  const [rowTable, mPad, m, segments, kb, kTotal, perBlock, b, ldb, c, ldc, n] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const [pack, scratch, init, chunk, rowsBegin, rowsEnd] = [12, 13, 14, 15, 16, 17];
  const [i0, iEnd, segStart, segEnd, kStart, kLen, bBlock, i, cRow, jb, nb, segment, dest, segLength, first] =
    [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32];
  const min = (x: number[], y: number[]) => [...x, ...y, ...x, ...y, ...op.i32LtU, ...op.select];
  const columns = countedLoop(jb, nb, 32, [
    ...op.get(pack),
    ...plus(bBlock, jb),
    ...op.get(ldb),
    ...plus(cRow, jb),
    ...op.get(ldc),
    ...op.get(kLen),
    // the first block starts from init's row, later ones from C's partial sums
    ...plus(init, jb),
    ...plus(cRow, jb),
    ...op.get(first),
    ...op.select,
    ...op.i32(0),
    ...op.get(ldc),
    ...op.get(first),
    ...op.select,
    ...op.call(0),
  ]);
  // The block's segments packed one after another: [k][4] over the whole block.
  const packBlock = [
    ...op.get(pack),
    ...op.set(dest),
    ...op.get(segStart),
    ...op.set(segment),
    ...countedLoop(segment, segEnd, 1, [
      // segLength = min(kb, kTotal − segment·kb)
      ...min(op.get(kb), [...op.get(kTotal), ...op.get(segment), ...op.get(kb), ...op.i32Mul, ...op.i32Sub]),
      ...op.set(segLength),
      // packPanel(rowTable + (segment·mPad + i)·4, segLength, dest)
      ...elementAddress(rowTable, segment, mPad, i),
      ...op.get(segLength),
      ...op.get(dest),
      ...op.call(1),
      ...op.get(dest),
      ...op.get(segLength),
      ...op.i32(16),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.set(dest),
    ]),
  ];
  const panels = countedLoop(i, iEnd, 4, [
    ...packBlock,
    // cRow = i + 4 > m ? scratch : c + i·ldc
    ...plusProduct(c, i, ldc),
    ...op.get(scratch),
    ...op.get(m),
    ...op.get(i),
    ...op.i32(4),
    ...op.i32Add,
    ...op.i32GeU,
    ...op.select,
    ...op.set(cRow),
    ...op.i32(0),
    ...op.set(jb),
    ...columns,
  ]);
  const kBlocks = countedLoop(segStart, segments, 0, [
    // segEnd = min(segStart + perBlock, segments); kStart = segStart·kb;
    // kLen = min(segEnd·kb, kTotal) − kStart; bBlock = b + kStart·ldb
    ...min([...op.get(segStart), ...op.get(perBlock), ...op.i32Add], op.get(segments)),
    ...op.set(segEnd),
    ...op.get(segStart),
    ...op.get(kb),
    ...op.i32Mul,
    ...op.set(kStart),
    ...min([...op.get(segEnd), ...op.get(kb), ...op.i32Mul], op.get(kTotal)),
    ...op.get(kStart),
    ...op.i32Sub,
    ...op.set(kLen),
    ...plusProduct(b, kStart, ldb),
    ...op.set(bBlock),
    ...op.get(segStart),
    ...op.i32Eqz,
    ...op.set(first),
    ...op.get(i0),
    ...op.set(i),
    ...panels,
    ...op.get(segEnd),
    ...op.set(segStart),
  ]);
  return {
    name: 'gemm',
    params: new Array<number>(18).fill(I32),
    locals: new Array<number>(15).fill(I32),
    body: [
      ...op.get(n),
      ...op.i32(4),
      ...op.i32Mul,
      ...op.set(nb),
      ...op.get(rowsBegin),
      ...op.set(i0),
      ...countedLoop(i0, rowsEnd, 0, [
        ...min([...op.get(i0), ...op.get(chunk), ...op.i32Add], op.get(rowsEnd)),
        ...op.set(iEnd),
        ...op.i32(0),
        ...op.set(segStart),
        ...kBlocks,
        ...op.get(iEnd),
        ...op.set(i0),
      ]),
    ],
  };
})();

/** The module's bytes; `fused` uses relaxed SIMD's multiply-add (check support with `validate`). */
export function gemmModule(sharedMemory: boolean, fused: boolean): Uint8Array<ArrayBuffer> {
  return assembleModule([tile(fused), packPanel, gemm], sharedMemory);
}
