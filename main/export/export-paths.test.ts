import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDestination, shownPath } from './export-paths.js';

const root = join('/', 'home', 'me', 'Moths.ganvas');

describe('export destinations', () => {
  it('puts a plain name into the project’s exports folder, never above it', () => {
    expect(exportDestination(root, 'wall.png')).toBe(join(root, 'exports', 'wall.png'));
    expect(exportDestination(root, 'loops/a')).toBe(join(root, 'exports', 'loops', 'a'));
    for (const bad of ['../project.json', 'a/../../x', '..', '.'])
      expect(() => exportDestination(root, bad), bad).toThrow('outside');
    expect(() => exportDestination(root, 'a\0b')).toThrow('NUL');
  });

  it('takes an absolute path from the CLI and the desktop app, never from a browser-mode page', () => {
    expect(exportDestination(root, '/tmp/x.png')).toBe('/tmp/x.png');
    expect(() => exportDestination(root, '/tmp/x.png', false)).toThrow('browser mode');
    expect(() => exportDestination(root, 'C:/x.png', false)).toThrow('browser mode');
  });

  it('shows paths inside the project relative to it', () => {
    expect(shownPath(root, join(root, 'exports', 'a.png'))).toBe('exports/a.png');
    expect(shownPath(root, '/tmp/a.png')).toBe('/tmp/a.png');
  });
});
