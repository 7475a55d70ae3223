#!/usr/bin/env node
// The `ganvas` command: runs the built CLI (npm install builds it; so does `npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('Ganvas is not built yet. Run `npm run build` in the Ganvas folder, then try again.');
  process.exit(1);
}
await import(cli.href);
