import { describe, expect, it } from 'vitest';
import { projectFileUrlFor } from './project-file-url.js';

describe('projectFileUrlFor', () => {
  it('uses the file scheme in Electron and the route in a browser, encoding each segment', () => {
    expect(projectFileUrlFor('electron', 'p1', 'datasets/d 1/thumbs/a#b.jpg')).toBe(
      'ganvas-file://project/p1/datasets/d%201/thumbs/a%23b.jpg',
    );
    expect(projectFileUrlFor('websocket', 'p1', 'datasets/x/thumbs/a?.jpg')).toBe(
      '/project-file/p1/datasets/x/thumbs/a%3F.jpg',
    );
  });
});
