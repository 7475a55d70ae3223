import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wasmNodeFlags } from './wasm-node-flags.js';

/** A module with one relaxed-SIMD instruction, f32x4.relaxed_madd; valid only where it is on. */
const relaxedMadd = [
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b, 3, 2, 1, 0, 10, 13, 1, 11, 0,
  0x20, 0, 0x20, 1, 0x20, 2, 0xfd, 0x85, 0x02, 0x0b,
];

describe('wasmNodeFlags', () => {
  it('asks for relaxed SIMD before V8 11.4 and nothing from then on', () => {
    expect(wasmNodeFlags('11.3.244.8-node.33')).toEqual(['--experimental-wasm-relaxed-simd']);
    expect(wasmNodeFlags('10.2.154.26-node.26')).toEqual(['--experimental-wasm-relaxed-simd']);
    expect(wasmNodeFlags('11.4.183')).toEqual([]);
    expect(wasmNodeFlags('12.4.254.21-node.33')).toEqual([]);
  });

  it('turns relaxed SIMD on in a Node process started with them (this Node)', () => {
    const script = `process.stdout.write(String(WebAssembly.validate(new Uint8Array(${JSON.stringify(relaxedMadd)}))))`;
    const output = execFileSync(process.execPath, [...wasmNodeFlags(), '-e', script], { encoding: 'utf8' });
    expect(output).toBe('true');
  });
});
