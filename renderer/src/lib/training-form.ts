import { architectureKeys, TrainingSettings, type DatasetSummary, type Domain, type Preset } from '$contract';

/** The numeric settings, each a field of the Advanced settings. */
export type NumberSettingKey = {
  [K in keyof TrainingSettings]: TrainingSettings[K] extends number ? K : never;
}[keyof TrainingSettings];

export interface SettingField {
  key: NumberSettingKey;
  label: string;
  /** One line on what the setting does, shown under the field. */
  hint?: string;
  /** The input's step: 'any' for rates and decays. */
  step?: string;
}

export interface SettingGroup {
  title: string;
  fields: SettingField[];
}

/** Advanced settings grouped as an artist thinks of them: the model, how it learns, and the schedule. */
export const settingGroups: SettingGroup[] = [
  {
    title: 'Model',
    fields: [
      { key: 'width', label: 'Width (filters)', hint: 'More filters: more detail, slower steps.' },
      { key: 'latentDim', label: 'Latent size', hint: 'Numbers the generator draws from.' },
    ],
  },
  {
    title: 'Learning',
    fields: [
      { key: 'batchSize', label: 'Batch size' },
      { key: 'discriminatorSteps', label: 'D steps per G step' },
      { key: 'generatorLearningRate', label: 'Generator learning rate', step: 'any' },
      { key: 'discriminatorLearningRate', label: 'Discriminator learning rate', step: 'any' },
      { key: 'beta1', label: 'Adam β1', step: 'any' },
      {
        key: 'realLabel',
        label: 'Real label',
        hint: 'Below 1 softens D (label smoothing).',
        step: 'any',
      },
      { key: 'emaDecay', label: 'EMA decay', hint: 'Averaged generator; 0 turns it off.', step: 'any' },
    ],
  },
  {
    title: 'Schedule',
    fields: [
      { key: 'totalSteps', label: 'Total steps' },
      { key: 'sampleEvery', label: 'Sample grid every … steps' },
      { key: 'checkpointEvery', label: 'Checkpoint every … steps' },
      { key: 'keepLast', label: 'Newest checkpoints kept' },
      { key: 'keepEvery', label: 'Also keep every … steps', hint: '0 keeps only the newest.' },
      { key: 'seed', label: 'Seed', hint: 'Empty: a new random seed.' },
    ],
  },
];

export const modelSizes = [32, 64, 128] as const;

/** The domain a dataset trains a DCGAN on: a CycleGAN pair's domain A (the service decides the same). */
export function trainingDomain(dataset: DatasetSummary): Domain {
  return dataset.kind === 'paired' ? 'A' : 'main';
}

/** Images the run would learn from: those of the training domain not left out. */
export function trainableImages(dataset: DatasetSummary): number {
  const counts = dataset.counts[trainingDomain(dataset)];
  return counts ? counts.images - counts.excluded : 0;
}

/** Why a dataset cannot train at a model size, in plain words; null when it can. */
export function datasetProblem(dataset: DatasetSummary | undefined, size: number): string | null {
  if (!dataset) return 'Import some images in the Dataset view first: a GAN needs at least two.';
  const images = trainableImages(dataset);
  if (images < 2) {
    return `“${dataset.name}” has ${images === 0 ? 'no images' : 'one image'} to train on. Import a folder of images first.`;
  }
  if (dataset.resolution < size) {
    return `“${dataset.name}” is prepared at ${dataset.resolution} px, smaller than this ${size} px model. Pick a smaller size, or raise the dataset's resolution in the Dataset view.`;
  }
  return null;
}

/** The preset the form starts with for a dataset: the first whose size it can feed. */
export function firstFittingPreset(presetList: Preset[], dataset: DatasetSummary | undefined): Preset | null {
  return presetList.find((preset) => datasetProblem(dataset, preset.settings.size) === null) ?? null;
}

/** The settings that differ from where the form started: all the service needs to be told. */
export function changedSettings(
  start: TrainingSettings,
  edited: Partial<TrainingSettings>,
): Partial<TrainingSettings> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edited) as [keyof TrainingSettings, unknown][]) {
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(start[key])) changed[key] = value;
  }
  return changed as Partial<TrainingSettings>;
}

/** The contract's limits applied before sending: a message per field that is out of range. */
export function settingProblems(settings: TrainingSettings): Partial<Record<keyof TrainingSettings, string>> {
  const parsed = TrainingSettings.safeParse(settings);
  const problems: Partial<Record<keyof TrainingSettings, string>> = {};
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string' && key in settings && !(key in problems)) {
      problems[key as keyof TrainingSettings] = plainIssue(issue);
    }
  }
  return problems;
}

interface Issue {
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: unknown;
  expected?: unknown;
}

function plainIssue(issue: Issue): string {
  const open = issue.inclusive === false;
  if (issue.code === 'too_small') return `${open ? 'More than' : 'At least'} ${String(issue.minimum)}.`;
  if (issue.code === 'too_big') return `${open ? 'Less than' : 'At most'} ${String(issue.maximum)}.`;
  if (issue.code === 'invalid_type') return issue.expected === 'int' ? 'A whole number.' : 'A number.';
  return issue.message;
}

/**
 * The settings a branch from `step` starts with: its parent's, with a last step after the branch
 * point (as the service does when told none: as many steps again as the parent had).
 */
export function branchSettings(parent: TrainingSettings, step: number): TrainingSettings {
  return parent.totalSteps > step ? parent : { ...parent, totalSteps: step + parent.totalSteps };
}

/** True for the settings a branch must keep (the networks' shapes). */
export function isArchitectureKey(key: keyof TrainingSettings): boolean {
  return (architectureKeys as readonly string[]).includes(key);
}
