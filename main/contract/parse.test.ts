import { describe, expect, it } from 'vitest';
import { parseCall } from './parse.js';

describe('parseCall', () => {
  it('accepts a known call and fills schema defaults', () => {
    const parsed = parseCall('system:benchmark', {});
    expect(parsed).toEqual({ ok: true, call: 'system:benchmark', args: { iterations: 20, size: 32 } });
  });

  it('refuses an unknown call name', () => {
    const parsed = parseCall('fs:readEverything', {});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe('unknown-call');
  });

  it('refuses a call name inherited from Object.prototype', () => {
    expect(parseCall('toString', {}).ok).toBe(false);
    expect(parseCall('__proto__', {}).ok).toBe(false);
  });

  it('refuses malformed args with the offending path', () => {
    const parsed = parseCall('jobs:cancel', { jobId: 42 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('invalid-args');
      expect(parsed.error.message).toContain('jobId');
    }
  });

  it('refuses unknown keys instead of silently ignoring them', () => {
    expect(parseCall('app:info', { path: '/etc/passwd' }).ok).toBe(false);
    expect(parseCall('settings:update', { backend: 'wasm', evil: true }).ok).toBe(false);
  });

  it('refuses out-of-range values', () => {
    expect(parseCall('system:benchmark', { iterations: 10_000 }).ok).toBe(false);
    expect(parseCall('settings:update', { backend: 'cuda' }).ok).toBe(false);
  });
});
