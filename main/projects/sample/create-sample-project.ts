import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createDataset } from '../../datasets/dataset-store.js';
import { importImages } from '../../datasets/import-images.js';
import { processAlive } from '../project-lock.js';
import { newManifest, projectExtension, writeManifest } from '../project-manifest.js';
import { generateSampleImages } from './generate-sample-images.js';

export const sampleProjectName = 'Sample Project';
export const sampleImagesPerDomain = 240;

export function sampleProjectRoot(projectsDir: string): string {
  return join(projectsDir, `${sampleProjectName}${projectExtension}`);
}

/** `.Sample Project.<pid>.<random>.building`: a sample being made by process <pid>. */
const buildingName = /^\.Sample Project\.(\d+)\.[0-9a-f]{8}\.building$/;

/**
 * Makes the project a new user opens first: 64 px abstract shapes (a DCGAN dataset) and shapes ↔
 * textures (a CycleGAN dataset), painted from fixed seeds so every install has the same sample.
 * It is built in a hidden folder and renamed into place only when whole, so a process killed while
 * painting never leaves a half-made sample that would later open as if it were complete.
 * Returns the sample's folder.
 */
export async function buildSampleProject(projectsDir: string): Promise<string> {
  await mkdir(projectsDir, { recursive: true });
  await removeAbandonedBuilds(projectsDir);
  const building = join(
    projectsDir,
    `.${sampleProjectName}.${process.pid}.${randomBytes(4).toString('hex')}.building`,
  );
  await mkdir(building);
  try {
    await writeManifest(building, newManifest(sampleProjectName, true));
    const painted = join(building, '.painted');
    const [shapes, textures] = [join(painted, 'shapes'), join(painted, 'textures')];
    const size = 64;
    await generateSampleImages(shapes, { domain: 'shapes', count: sampleImagesPerDomain, size, seed: 1 });
    await generateSampleImages(textures, { domain: 'textures', count: sampleImagesPerDomain, size, seed: 2 });
    const common = { resolution: size, fit: 'crop', background: '#ffffff', storage: 'copy' } as const;
    const single = await createDataset(building, { name: 'Shapes', kind: 'single', ...common });
    const paired = await createDataset(building, { name: 'Shapes ↔ Textures', kind: 'paired', ...common });
    // Sources are shown as `sample/shapes/…`, never as the (temporary, absolute) painting folder.
    const label = (path: string) => `sample/${path.slice(painted.length + 1).replaceAll('\\', '/')}`;
    const base = { projectRoot: building, nearDuplicateThreshold: 4, label };
    await importImages({ ...base, datasetId: single.id, domain: 'main', paths: [shapes] });
    await importImages({ ...base, datasetId: paired.id, domain: 'A', paths: [shapes] });
    await importImages({ ...base, datasetId: paired.id, domain: 'B', paths: [textures] });
    await rm(painted, { recursive: true, force: true });
    await moveIntoPlace(building, sampleProjectRoot(projectsDir));
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  return sampleProjectRoot(projectsDir);
}

async function moveIntoPlace(building: string, root: string): Promise<void> {
  try {
    await rename(building, root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another window finished its sample first: that one is as good as ours.
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
    await rm(building, { recursive: true, force: true });
  }
}

/** Half-made samples left by processes that were killed while painting. */
async function removeAbandonedBuilds(projectsDir: string): Promise<void> {
  for (const name of await readdir(projectsDir)) {
    const pid = buildingName.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) {
      await rm(join(projectsDir, name), { recursive: true, force: true });
    }
  }
}
