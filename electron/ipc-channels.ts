/**
 * The IPC channels between the window and the studio, and one for the native open dialog. preload.cts
 * cannot import this (a sandboxed preload can require nothing but 'electron'), so it repeats the
 * names; preload.test.ts runs the preload against these constants to keep the two in step.
 */
export const callChannel = 'ganvas:call';
export const eventChannel = 'ganvas:event';
/** The native open dialog: what the user picks comes back as paths (never the page's own choice of path). */
export const pickPathsChannel = 'ganvas:pick-paths';

/** The native save dialog for exports: the path the user chose comes back (null when cancelled). */
export const pickSavePathChannel = 'ganvas:pick-save-path';

/** What the page may ask of the save dialog: a file name to suggest, nothing more. */
export interface PickSavePathRequest {
  defaultName: string;
}

/** What the page may ask of the open dialog. */
export interface PickPathsRequest {
  directories: boolean;
  multiple: boolean;
}

/** What travels on eventChannel. */
export interface EventMessage {
  event: string;
  payload: unknown;
}
