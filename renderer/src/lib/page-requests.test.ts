import { describe, expect, it } from 'vitest';
import { PageRequests } from './page-requests.js';

describe('PageRequests', () => {
  it('hands out one ticket per page until it has arrived', () => {
    const requests = new PageRequests();
    const ticket = requests.begin(3);
    expect(ticket).not.toBeNull();
    expect(requests.begin(3)).toBeNull();
    expect(requests.arrived(3, ticket ?? -1)).toBe(true);
    expect(requests.isFresh(3)).toBe(true);
    expect(requests.begin(3)).toBeNull();
  });

  it('drops answers to an earlier generation and makes every page stale on restart', () => {
    const requests = new PageRequests();
    const old = requests.begin(0) ?? -1;
    requests.arrived(1, requests.begin(1) ?? -1);
    requests.restart();
    expect(requests.isFresh(1)).toBe(false);
    expect(requests.arrived(0, old)).toBe(false);
    expect(requests.isFresh(0)).toBe(false);
    expect(requests.begin(0)).not.toBeNull();
  });

  it('does not ask again for a page that failed, until the next restart', () => {
    const requests = new PageRequests();
    expect(requests.failed(2, requests.begin(2) ?? -1)).toBe(true);
    expect(requests.begin(2)).toBeNull();
    requests.restart();
    expect(requests.begin(2)).not.toBeNull();
  });
});
