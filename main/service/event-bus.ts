import type { EventName, EventPayload } from '../contract/index.js';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans service events out to every connected client (the Electron window, WebSocket peers, the CLI). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        // One broken client must not stop the others from hearing about a job.
        console.error(`[ganvas] event listener failed on ${event}:`, error);
      }
    }
  }
}
