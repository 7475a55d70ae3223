// Rewrites one JSON file as fast as it can until killed; atomic-write.test.ts kills it mid-write.
import { writeJsonAtomic } from '../atomic-write.js';

const [path] = process.argv.slice(2) as [string];
const padding = 'x'.repeat(64 * 1024); // large enough that a write takes several syscalls
for (let generation = 0; ; generation++) {
  await writeJsonAtomic(path, { schemaVersion: 1, generation, padding });
  if (generation === 5) process.stdout.write('writing\n');
}
