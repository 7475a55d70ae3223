import type { Project } from '../contract/index.js';

/**
 * What other parts of the service (datasets, later runs and exports) need from the open projects:
 * where a project lives, and a way to announce that it changed. Implemented by the project registry.
 */
export interface ProjectLookup {
  /** The absolute folder of an open project; throws a ServiceFailure('not-found') if it is not open. */
  root(projectId: string): string;
  /** Re-reads the project (manifest + datasets) and emits 'projects:changed'. */
  changed(projectId: string): Promise<Project>;
}
