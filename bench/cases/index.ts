import type { BenchCase } from '../bench-case.js';
import { convStepCase } from './conv-step.js';
import { dcganStepCase } from './dcgan-step.js';

/** Every workload, in the order of the table. */
export const benchCases: BenchCase[] = [
  convStepCase(32),
  convStepCase(64),
  dcganStepCase(32),
  dcganStepCase(64),
];
