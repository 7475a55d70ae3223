import { describe, expect, it } from 'vitest';
import { appContentSecurityPolicy } from './content-security-policy.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
}

describe('appContentSecurityPolicy', () => {
  const policy = directives(appContentSecurityPolicy);

  it('allows scripts from the app bundle only: nothing inline, no eval', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(appContentSecurityPolicy).not.toContain('unsafe-eval');
    expect(appContentSecurityPolicy).not.toContain('wasm-unsafe-eval');
  });

  it('takes images from the app, generated previews and project files', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'ganvas-file:']);
  });

  it('reaches nothing on the network and embeds nothing', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });
});
