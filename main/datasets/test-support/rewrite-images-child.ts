// Rewrites a dataset's images.json over and over (each time a whole, larger list) until killed by
// import-images.test.ts, which then checks the file is one of the whole versions, never a torn mix.
import { updateImages } from '../dataset-store.js';

const [root, datasetId] = process.argv.slice(2) as [string, string];
for (let round = 1; ; round++) {
  await updateImages(root, datasetId, (current) => ({
    ...current,
    images: Array.from({ length: 2000 + round }, (_, i) => ({
      id: `img${i}`,
      domain: 'main' as const,
      source: `/photos/${round}/${i}.jpg`,
      stored: `datasets/${datasetId}/originals/main/img${i}.jpg`,
      thumbnail: `datasets/${datasetId}/thumbs/img${i}.jpg`,
      width: 64,
      height: 64,
      format: 'jpeg',
      phash: '0123456789abcdef',
      excluded: false,
    })),
  }));
  if (round === 1) process.stdout.write('writing\n');
}
