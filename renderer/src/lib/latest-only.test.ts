import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest-only.js';

function deferred() {
  const calls: Array<{ request: number; answer: (value: string) => void }> = [];
  const fetch = (request: number) =>
    new Promise<string>((resolve) => calls.push({ request, answer: resolve }));
  return { calls, fetch };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LatestOnly', () => {
  it('runs one request at a time and skips the ones overtaken meanwhile', async () => {
    const { calls, fetch } = deferred();
    const shown: string[] = [];
    const latest = new LatestOnly(fetch, (answer) => shown.push(answer));
    latest.request(1);
    latest.request(2);
    latest.request(3);
    expect(calls.map((c) => c.request)).toEqual([1]);
    calls[0]?.answer('one');
    await tick();
    // 1 was overtaken while it ran, so it is not shown; 2 was never sent; 3 is.
    expect(shown).toEqual([]);
    expect(calls.map((c) => c.request)).toEqual([1, 3]);
    calls[1]?.answer('three');
    await tick();
    expect(shown).toEqual(['three']);
  });

  it('shows an answer nobody overtook, and drops everything after a reset', async () => {
    const { calls, fetch } = deferred();
    const shown: string[] = [];
    const latest = new LatestOnly(fetch, (answer) => shown.push(answer));
    latest.request(1);
    calls[0]?.answer('one');
    await tick();
    expect(shown).toEqual(['one']);
    latest.request(2);
    latest.reset();
    calls[1]?.answer('two');
    await tick();
    expect(shown).toEqual(['one']);
  });
});
