// Renames a project over and over, as fast as it can, until project-registry.test.ts kills it.
import { readManifest, writeManifest } from '../project-manifest.js';

const [root] = process.argv.slice(2) as [string];
const { manifest } = await readManifest(root);
for (let generation = 0; ; generation++) {
  await writeManifest(root, { ...manifest, name: `Generation ${generation}` });
  if (generation === 3) process.stdout.write('writing\n');
}
