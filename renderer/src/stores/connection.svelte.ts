import type { Api } from '../lib/api.js';
import type { ConnectionState } from '../lib/transport.js';

export class ConnectionStore {
  state = $state<ConnectionState>({ status: 'connecting', attempt: 0, retryInMs: null });
  readonly kind: Api['kind'];

  constructor(api: Api) {
    this.kind = api.kind;
    this.state = api.connection();
    api.onConnectionChange((state) => {
      this.state = state;
    });
  }

  /** True once a connection was lost or refused: the UI then says so instead of showing stale state. */
  get lost(): boolean {
    return this.state.status === 'reconnecting' || this.state.status === 'no-token';
  }
}
