import type { datasetCalls } from '../contract/index.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

// Placeholder while project support is being written: every call says so plainly.
const notYet = async (): Promise<never> => {
  throw new ServiceFailure('internal', 'Projects and datasets are not available in this build yet.');
};

export function datasetHandlers(): HandlersFor<typeof datasetCalls> {
  return {
    'datasets:create': notYet,
    'datasets:update': notYet,
    'datasets:delete': notYet,
    'datasets:import': notYet,
    'datasets:images': notYet,
    'datasets:set-excluded': notYet,
    'datasets:report': notYet,
    'datasets:near-duplicates': notYet,
    'uploads:begin': notYet,
  };
}
