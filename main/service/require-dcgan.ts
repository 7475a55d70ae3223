import type { RunManifest } from '../training/run-store.js';
import { ServiceFailure } from './service-error.js';

/** Generating from a latent needs a DCGAN: a CycleGAN has no latent space, it translates images. */
export function requireDcgan(run: RunManifest): RunManifest {
  if (run.settings.model !== 'dcgan') {
    throw new ServiceFailure(
      'invalid-args',
      `“${run.name}” is a CycleGAN: it translates images rather than drawing them from seeds. Use the Translate view (or ganvas translate).`,
    );
  }
  return run;
}
