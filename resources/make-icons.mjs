// Renders icon.svg to the PNG that electron-builder turns into each platform's icon format
// (.icns, .ico, Linux sizes). Run once after changing the SVG: `node resources/make-icons.mjs`.
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));

// density 288 = 4x the SVG's 72 dpi, so the 512 px output is downsampled rather than blown up.
await sharp(here('icon.svg'), { density: 288 })
  .resize(512, 512)
  .png({ compressionLevel: 9 })
  .toFile(here('icon.png'));
console.log('wrote resources/icon.png (512x512)');
