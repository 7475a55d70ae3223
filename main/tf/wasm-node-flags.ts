/**
 * Node flags for a process that runs TensorFlow.js's wasm backend (the trainer, the bench's
 * measuring runs). Relaxed SIMD gives Ganvas's GEMM its fused multiply-add (gemm-module.ts:
 * ~90 GFLOP/s against ~70 without it on this machine). V8 ships it on from 11.4 (Node 22,
 * Electron's utility processes); Node 20's V8 11.3 has it behind this flag. Without it the GEMM
 * multiplies and adds separately, correct but slower.
 */
export function wasmNodeFlags(v8Version: string = process.versions.v8): string[] {
  const [major = 0, minor = 0] = v8Version.split('.').map(Number);
  return major < 11 || (major === 11 && minor < 4) ? ['--experimental-wasm-relaxed-simd'] : [];
}
