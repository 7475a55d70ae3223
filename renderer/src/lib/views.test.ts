import { describe, expect, it } from 'vitest';
import { hashFor, nextNavIndex, viewForShortcut, viewFromHash, type ShortcutKey } from './views.js';

function press(overrides: Partial<ShortcutKey>): ShortcutKey {
  return { key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...overrides };
}

describe('hash routes', () => {
  it('round-trips every view through its hash', () => {
    expect(viewFromHash(hashFor('translate'))).toBe('translate');
    expect(viewFromHash('#/train/run-3')).toBe('train');
    expect(viewFromHash('#explore')).toBe('explore');
  });

  it('does not recognise unknown or empty hashes', () => {
    expect(viewFromHash('')).toBeNull();
    expect(viewFromHash('#/settings')).toBeNull();
    expect(viewFromHash('#/constructor')).toBeNull();
  });
});

describe('viewForShortcut', () => {
  it('maps Ctrl or Cmd with 1..6 to the views in nav order', () => {
    expect(viewForShortcut(press({ key: '1', code: 'Digit1', ctrlKey: true }))).toBe('projects');
    expect(viewForShortcut(press({ key: '6', code: 'Digit6', metaKey: true }))).toBe('export');
    expect(viewForShortcut(press({ key: '3', code: 'Numpad3', ctrlKey: true }))).toBe('train');
  });

  it('uses the physical digit key on layouts where digits need Shift', () => {
    expect(viewForShortcut(press({ key: '"', code: 'Digit3', ctrlKey: true, shiftKey: true }))).toBe('train');
  });

  it('ignores digits without a modifier, with Alt, and beyond the sixth view', () => {
    expect(viewForShortcut(press({ key: '2', code: 'Digit2' }))).toBeNull();
    expect(viewForShortcut(press({ key: '2', code: 'Digit2', ctrlKey: true, altKey: true }))).toBeNull();
    expect(viewForShortcut(press({ key: '7', code: 'Digit7', ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(press({ key: 's', code: 'KeyS', ctrlKey: true }))).toBeNull();
  });
});

describe('nextNavIndex', () => {
  it('moves with the arrows, wrapping at both ends', () => {
    expect(nextNavIndex(0, 'ArrowDown', 6)).toBe(1);
    expect(nextNavIndex(5, 'ArrowDown', 6)).toBe(0);
    expect(nextNavIndex(0, 'ArrowUp', 6)).toBe(5);
  });

  it('jumps with Home and End and ignores other keys', () => {
    expect(nextNavIndex(3, 'Home', 6)).toBe(0);
    expect(nextNavIndex(3, 'End', 6)).toBe(5);
    expect(nextNavIndex(3, 'Enter', 6)).toBeNull();
  });
});
