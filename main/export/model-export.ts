import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { webPageHtml } from './web-page.js';

export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata: Record<string, unknown>;
}

/** The model's topology and weights in TensorFlow.js's own layers-model format (model.json + one .bin). */
export async function layersModelFiles(
  model: tf.LayersModel,
  metadata: Record<string, unknown>,
): Promise<{ modelJson: ModelJson; weights: Uint8Array }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('TensorFlow.js saved no weights.');
  const data = saved.weightData;
  const weights = new Uint8Array(Array.isArray(data) ? await new Blob(data).arrayBuffer() : data);
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: saved.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }],
      userDefinedMetadata: metadata,
    },
    weights,
  };
}

export interface PageMeta {
  title: string;
  size: number;
  latentDim: number;
  directions: number[][];
  directionNames: (string | null)[];
}

/**
 * A folder with the generator as a TensorFlow.js model (model.json + weights.bin, loadable with
 * tf.loadLayersModel) and a page that draws from it: index.html, model-data.js (the same model,
 * embedded), tf.min.js (TensorFlow.js's own browser build, copied from the installed package).
 */
export async function writeModelFolder(
  folder: string,
  model: tf.LayersModel,
  meta: PageMeta,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const { modelJson, weights } = await layersModelFiles(model, {
    ganvas: { size: meta.size, latentDim: meta.latentDim, output: 'tanh, NHWC, values in [-1, 1]' },
  });
  const pageData = {
    model: modelJson,
    weights: Buffer.from(weights).toString('base64'),
    size: meta.size,
    latentDim: meta.latentDim,
    directions: meta.directions,
    directionNames: meta.directionNames,
  };
  const files: [string, string | Uint8Array][] = [
    ['model.json', JSON.stringify(modelJson)],
    ['weights.bin', weights],
    ['model-data.js', `window.GANVAS_MODEL = ${JSON.stringify(pageData)};\n`],
    ['index.html', webPageHtml(meta.title, meta.size)],
  ];
  for (const [name, content] of files) await writeFileAtomic(join(folder, name), content);
  const tfjsBrowserBuild = createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js');
  await copyFile(tfjsBrowserBuild, join(folder, 'tf.min.js'));
  return [...files.map(([name]) => join(folder, name)), join(folder, 'tf.min.js')];
}
