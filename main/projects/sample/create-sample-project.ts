import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../../contract/index.js';
import { createDataset } from '../../datasets/dataset-store.js';
import { importImages } from '../../datasets/import-images.js';
import type { ProjectRegistry } from '../project-registry.js';
import { generateSampleImages } from './generate-sample-images.js';

export const sampleProjectName = 'Sample Project';
const imagesPerDomain = 240;

/**
 * The project a new user opens first: 64 px abstract shapes (a DCGAN dataset) and shapes ↔ textures
 * (a CycleGAN dataset), painted from a fixed seed so every install has the same sample.
 */
export async function createSampleProject(registry: ProjectRegistry, projectsDir: string): Promise<Project> {
  const project = await registry.create(sampleProjectName, projectsDir, true);
  const scratch = await mkdtemp(join(tmpdir(), 'ganvas-sample-'));
  try {
    await generateSampleImages(join(scratch, 'shapes'), {
      domain: 'shapes',
      count: imagesPerDomain,
      size: 64,
      seed: 1,
    });
    await generateSampleImages(join(scratch, 'textures'), {
      domain: 'textures',
      count: imagesPerDomain,
      size: 64,
      seed: 2,
    });
    const common = { resolution: 64, fit: 'crop', background: '#ffffff', storage: 'copy' } as const;
    const single = await createDataset(project.path, { name: 'Shapes', kind: 'single', ...common });
    const paired = await createDataset(project.path, {
      name: 'Shapes ↔ Textures',
      kind: 'paired',
      ...common,
    });
    const label = (path: string) => `sample/${path.slice(scratch.length + 1)}`;
    const base = { projectRoot: project.path, nearDuplicateThreshold: 4, label };
    await importImages({ ...base, datasetId: single.id, domain: 'main', paths: [join(scratch, 'shapes')] });
    await importImages({ ...base, datasetId: paired.id, domain: 'A', paths: [join(scratch, 'shapes')] });
    await importImages({ ...base, datasetId: paired.id, domain: 'B', paths: [join(scratch, 'textures')] });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return registry.changed(project.id);
}
