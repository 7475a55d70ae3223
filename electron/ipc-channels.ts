/**
 * The only two IPC channels between the window and the studio. preload.cts cannot import this
 * (a sandboxed preload can require nothing but 'electron'), so it repeats the names; preload.test.ts
 * runs the preload against these constants to keep the two in step.
 */
export const callChannel = 'ganvas:call';
export const eventChannel = 'ganvas:event';

/** What travels on eventChannel. */
export interface EventMessage {
  event: string;
  payload: unknown;
}
