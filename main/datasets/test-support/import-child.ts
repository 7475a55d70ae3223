// A process that imports a folder and is killed by import-images.test.ts at an arbitrary moment.
// After every save it prints how many images are saved for good, so the test knows what must survive.
import { importImages } from '../import-images.js';

const [root, datasetId, folder] = process.argv.slice(2) as [string, string, string];
await importImages({
  projectRoot: root,
  datasetId,
  domain: 'main',
  paths: [folder],
  nearDuplicateThreshold: 4,
  saveEveryMs: 0,
  saveEveryImages: 1,
  concurrency: 2,
  onSaved: (saved) => process.stdout.write(`saved ${saved}\n`),
});
process.stdout.write('finished\n');
