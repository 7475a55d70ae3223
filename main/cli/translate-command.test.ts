import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from './train-command.js';
import { parseTranslateArgs } from './translate-command.js';

describe('ganvas translate arguments', () => {
  it('reads the inputs, the direction, the folder and the checkpoint', () => {
    const request = parseTranslateArgs([
      'P.ganvas',
      'photos',
      'one.jpg',
      '--direction',
      'BtoA',
      '--out',
      'out',
      '--run',
      'r1',
      '--checkpoint',
      '250',
    ]);
    expect(request).toMatchObject({ direction: 'BtoA', runId: 'r1', step: 250, maxSide: 512 });
    expect(request.inputs.map((input) => input.split('/').at(-1))).toEqual(['photos', 'one.jpg']);
    expect(request.out).toMatch(/\/out$/);
  });

  it('says what is missing or wrong', () => {
    expect(() => parseTranslateArgs(['P', '--direction', 'AtoB', '--out', 'o'])).toThrow(
      /at least one image/,
    );
    expect(() => parseTranslateArgs(['P', 'x', '--out', 'o'])).toThrow(
      /--direction AtoB or --direction BtoA/,
    );
    expect(() => parseTranslateArgs(['P', 'x', '--direction', 'AtoB'])).toThrow(/--out DIR/);
    expect(() =>
      parseTranslateArgs(['P', 'x', '--direction', 'AtoB', '--out', 'o', '--max-side', '5000']),
    ).toThrow(/--max-side takes a whole number from 64 to 1024/);
  });
});

describe('ganvas train --model', () => {
  it('takes cyclegan, and refuses other models or a model change on resume', () => {
    expect(parseTrainArgs(['P', '--model', 'cyclegan', '--steps', '10']).settings).toEqual({
      model: 'cyclegan',
      totalSteps: 10,
    });
    expect(() => parseTrainArgs(['P', '--model', 'stylegan'])).toThrow(/--model is one of dcgan, cyclegan/);
    expect(() => parseTrainArgs(['P', '--model', 'cyclegan', '--resume', 'r1'])).toThrow(/leave out --model/);
  });
});
