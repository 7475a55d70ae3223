import type { BenchCase } from '../bench-case.js';
import { convStepCase } from './conv-step.js';
import { cycleganStepCase, cycleganTranslateCase } from './cyclegan-step.js';
import { dcganStepCase } from './dcgan-step.js';

/** Every workload, in the order of the table. */
export const benchCases: BenchCase[] = [
  convStepCase(32),
  convStepCase(64),
  dcganStepCase(32),
  dcganStepCase(64),
  cycleganStepCase(64),
  cycleganStepCase(128),
  cycleganTranslateCase(256),
];
