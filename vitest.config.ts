import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

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
  },
});
