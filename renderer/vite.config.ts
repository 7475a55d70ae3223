import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Vite substitutes this file's own directory when it bundles the config (no node: import needed here).
const rendererRoot = import.meta.dirname;

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build is served by browser mode over http and by Electron's app scheme.
  base: './',
  // Keep Vite's cache with the rest of node_modules, not in a second node_modules under renderer/.
  cacheDir: '../node_modules/.vite/renderer',
  plugins: [svelte()],
  resolve: {
    // The contract is the only part of main/ the renderer may import.
    alias: { $contract: `${rendererRoot}/../main/contract/index.ts` },
  },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill is unnecessary in Chromium, and nothing may end up inline under the CSP.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
