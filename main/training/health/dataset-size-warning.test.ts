import { describe, expect, it } from 'vitest';
import { datasetSizeWarning, smallDatasetImages } from './dataset-size-warning.js';

describe('datasetSizeWarning', () => {
  it('warns below the threshold, saying how many images there are', () => {
    const warning = datasetSizeWarning(smallDatasetImages - 1, 0);
    expect(warning?.code).toBe('small-dataset');
    expect(warning?.step).toBe(0);
    expect(warning?.message).toContain(`${smallDatasetImages - 1} images`);
    expect(warning?.message).toMatch(/augmentation on/);
    expect(datasetSizeWarning(1, 40)?.message).toContain('1 image,');
    expect(datasetSizeWarning(12, 40)?.step).toBe(40);
  });

  it('is silent from the threshold on', () => {
    expect(datasetSizeWarning(smallDatasetImages, 0)).toBeNull();
    expect(datasetSizeWarning(5000, 0)).toBeNull();
  });

  it('asks to turn augmentation on only when it is off', () => {
    expect(datasetSizeWarning(30, 0, false)?.message).toMatch(/turn augmentation on/);
    expect(datasetSizeWarning(30, 0, true)?.message).toMatch(/keep augmentation on/);
  });
});
