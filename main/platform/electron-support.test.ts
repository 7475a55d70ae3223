import { describe, expect, it } from 'vitest';
import { electronSupport, type ElectronProbe } from './electron-support.js';

function probe(files: Record<string, string>, env: NodeJS.ProcessEnv = { DISPLAY: ':0' }): ElectronProbe {
  return {
    packageDir: '/app/node_modules/electron',
    platform: 'linux',
    env,
    exists: (path) => path in files,
    readText: (path) => files[path] ?? '',
  };
}

describe('electronSupport', () => {
  it('says when the package is missing', () => {
    const support = electronSupport({ ...probe({}), packageDir: null });
    expect(support).toMatchObject({ canRun: false, reason: expect.stringMatching(/not installed/) });
  });

  it('says when the binary was never downloaded', () => {
    expect(electronSupport(probe({})).reason).toMatch(/not been downloaded/);
  });

  it('needs a display on Linux', () => {
    const files = {
      '/app/node_modules/electron/path.txt': 'electron\n',
      '/app/node_modules/electron/dist/electron': '',
    };
    expect(electronSupport(probe(files, {})).reason).toMatch(/no display/);
    expect(electronSupport(probe(files))).toMatchObject({
      canRun: true,
      binary: '/app/node_modules/electron/dist/electron',
    });
  });
});
