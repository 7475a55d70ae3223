import type { projectCalls } from '../contract/index.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

// Placeholder while project support is being written: every call says so plainly.
const notYet = async (): Promise<never> => {
  throw new ServiceFailure('internal', 'Projects and datasets are not available in this build yet.');
};

export function projectHandlers(): HandlersFor<typeof projectCalls> {
  return {
    'projects:recent': notYet,
    'projects:create': notYet,
    'projects:open': notYet,
    'projects:open-sample': notYet,
    'projects:get': notYet,
    'projects:close': notYet,
    'projects:rename': notYet,
    'projects:duplicate': notYet,
    'projects:delete': notYet,
    'projects:forget': notYet,
  };
}
