import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { wasmNodeFlags } from './main/tf/wasm-node-flags.js';

export default defineConfig({
  // Compiles the renderer's rune stores (*.svelte.ts) so their unit tests run them as the app does.
  plugins: [svelte({ configFile: false })],
  // The renderer imports the contract as $contract (see renderer/vite.config.ts).
  resolve: { alias: { $contract: fileURLToPath(new URL('./main/contract/index.ts', import.meta.url)) } },
  test: {
    include: ['main/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: the trainer tests fork processes that load TensorFlow.js; keep them from starving each other.
    maxWorkers: 2,
    // Two test files at once on two cores: each file's wasm backend on one thread, not two that
    // contend (a loaded run of the DCGAN learning test went from ~190 to ~290 s). Threaded training
    // is checked against single-threaded bit for bit in threaded-wasm.test.ts, and the end-to-end
    // tests run the app as users do, with threads.
    env: { GANVAS_WASM_THREADS: '1' },
    // The trainer's Node flags (node-trainer-spawner.ts): the kernels are tested as they run.
    execArgv: wasmNodeFlags(),
  },
});
