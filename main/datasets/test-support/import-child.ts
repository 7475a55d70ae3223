// A process that imports a folder and is killed by import-images.test.ts at an arbitrary moment.
import { importImages } from '../import-images.js';

const [root, datasetId, folder] = process.argv.slice(2) as [string, string, string];
let saves = 0;
await importImages({
  projectRoot: root,
  datasetId,
  domain: 'main',
  paths: [folder],
  nearDuplicateThreshold: 4,
  saveEveryMs: 0,
  concurrency: 2,
  onProgress: () => {
    saves++;
    if (saves === 3) process.stdout.write('saved\n');
  },
});
