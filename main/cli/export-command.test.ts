import { describe, expect, it } from 'vitest';
import { parseExportArgs } from './export-command.js';

describe('ganvas export arguments', () => {
  it('reads an image export of seeds and a favourite, upscaled', () => {
    const request = parseExportArgs([
      'P.ganvas',
      '--what',
      'image',
      '--seed',
      '7',
      '--seed',
      'Blue moth',
      '--size',
      '1024',
      '--kernel',
      'nearest',
      '--out',
      'out/x.png',
    ]);
    expect(request).toMatchObject({
      what: 'image',
      stops: ['7', 'Blue moth'],
      size: 1024,
      kernel: 'nearest',
    });
    expect(request.out).toMatch(/out\/x\.png$/);
  });

  it('expands a seed range for a sheet and reads its layout', () => {
    const request = parseExportArgs(
      'P --what sheet --seeds 3-6 --columns 2 --spacing 4 --background #ffffff --captions --out s.png'.split(
        ' ',
      ),
    );
    expect(request).toMatchObject({
      stops: ['3', '4', '5', '6'],
      columns: 2,
      spacing: 4,
      background: '#ffffff',
      captions: true,
    });
  });

  it('reads an animation: stops, formats, timing, once', () => {
    const request = parseExportArgs(
      'P --what animation --from 1 --via 2 --to 3 --format gif,webm,png-frames --fps 30 --seconds 2.5 --once --out a'.split(
        ' ',
      ),
    );
    expect(request).toMatchObject({
      stops: ['1', '2', '3'],
      formats: ['gif', 'webm', 'png-frames'],
      fps: 30,
      seconds: 2.5,
      loop: false,
    });
  });

  it('reads a training time-machine export', () => {
    expect(parseExportArgs('P --what timeline --format mp4 --scale 2 --out t'.split(' '))).toMatchObject({
      what: 'timeline',
      formats: ['mp4'],
      fps: 8,
      scale: 2,
      stops: [],
    });
  });

  it('says what is wrong', () => {
    expect(() => parseExportArgs(['P', '--out', 'x'])).toThrow('--what');
    expect(() => parseExportArgs(['P', '--what', 'image'])).toThrow('--out');
    expect(() => parseExportArgs(['P', '--what', 'image', '--out', 'x'])).toThrow('--seed');
    expect(() => parseExportArgs('P --what animation --from 1 --out x'.split(' '))).toThrow(
      '--from and --to',
    );
    expect(() =>
      parseExportArgs('P --what animation --from 1 --to 2 --format avi --out x'.split(' ')),
    ).toThrow('avi');
    expect(() => parseExportArgs('P --what image --seed 1 --size 9000 --out x'.split(' '))).toThrow('--size');
    expect(() => parseExportArgs('P --what sheet --seeds 5-2 --out x'.split(' '))).toThrow('--seeds');
  });
});
