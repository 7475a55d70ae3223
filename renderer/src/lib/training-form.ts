import {
  architectureKeys,
  TrainingSettings,
  type CycleSettings,
  type DatasetSummary,
  type Domain,
  type GanModel,
  type Preset,
} from '$contract';

/** The numeric settings, each a field of the Advanced settings. */
export type NumberSettingKey = {
  [K in keyof TrainingSettings]-?: TrainingSettings[K] extends number ? K : never;
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

/** Settings a DCGAN has and a CycleGAN does not use (it draws no latent and averages no weights). */
const dcganOnlyKeys: readonly NumberSettingKey[] = [
  'latentDim',
  'discriminatorSteps',
  'realLabel',
  'emaDecay',
];

/** The Advanced settings groups for a model. */
export function settingGroupsFor(model: GanModel): SettingGroup[] {
  if (model === 'dcgan') return settingGroups;
  return settingGroups.map((group) => ({
    ...group,
    fields: group.fields.filter((field) => !dcganOnlyKeys.includes(field.key)),
  }));
}

export interface CycleField {
  key: Exclude<keyof CycleSettings, 'jitter'>;
  label: string;
  hint?: string;
  step?: string;
}

/** CycleGAN's own settings (Zhu et al.), a group of their own. */
export const cycleFields: CycleField[] = [
  { key: 'residualBlocks', label: 'Residual blocks', hint: '6 up to 128 px, 9 above (the paper).' },
  { key: 'cycleWeight', label: 'Cycle weight λ', hint: 'How strongly A → B → A must return.', step: 'any' },
  {
    key: 'identityWeight',
    label: 'Identity weight (× λ)',
    hint: 'Keeps colours when nothing needs changing.',
    step: 'any',
  },
  { key: 'poolSize', label: 'History pool', hint: 'Past fakes D also sees; 0 turns it off.' },
  {
    key: 'decayFrom',
    label: 'Decay from',
    hint: 'Share of the run before the rate falls to 0.',
    step: 'any',
  },
];

/** The image sizes a model trains at. */
export function modelSizesFor(model: GanModel): readonly number[] {
  return model === 'cyclegan' ? [64, 128, 256] : [32, 64, 128];
}

/** The domain a dataset trains a DCGAN on: a CycleGAN pair's domain A (the service decides the same). */
export function trainingDomain(dataset: DatasetSummary): Domain {
  return dataset.kind === 'paired' ? 'A' : 'main';
}

function domainImages(dataset: DatasetSummary, domain: Domain): number {
  const counts = dataset.counts[domain];
  return counts ? counts.images - counts.excluded : 0;
}

/**
 * Images the run would learn from: those of the training domain not left out; for a CycleGAN, those
 * of its smaller domain.
 */
export function trainableImages(dataset: DatasetSummary, model: GanModel = 'dcgan'): number {
  if (model === 'cyclegan') {
    return dataset.kind === 'paired' ? Math.min(domainImages(dataset, 'A'), domainImages(dataset, 'B')) : 0;
  }
  return domainImages(dataset, trainingDomain(dataset));
}

/** Why a dataset cannot train at a model size, in plain words; null when it can. */
export function datasetProblem(
  dataset: DatasetSummary | undefined,
  size: number,
  model: GanModel = 'dcgan',
): string | null {
  if (!dataset) return 'Import some images in the Dataset view first: a GAN needs at least two.';
  if (model === 'cyclegan') {
    if (dataset.kind !== 'paired') {
      return `A CycleGAN learns between two folders, and “${dataset.name}” has one. Make a dataset with domains A and B in the Dataset view.`;
    }
    for (const domain of ['A', 'B'] as const) {
      const images = domainImages(dataset, domain);
      if (images < 2) {
        return `Domain ${domain} of “${dataset.name}” has ${images === 0 ? 'no images' : 'one image'} to train on. Import a folder into it first.`;
      }
    }
  }
  const images = trainableImages(dataset, model);
  if (images < 2) {
    return `“${dataset.name}” has ${images === 0 ? 'no images' : 'one image'} to train on. Import a folder of images first.`;
  }
  if (dataset.resolution < size) {
    return `“${dataset.name}” is prepared at ${dataset.resolution} px, smaller than this ${size} px model. Pick a smaller size, or raise the dataset's resolution in the Dataset view.`;
  }
  return null;
}

/** The preset the form starts with for a dataset: the first whose size it can feed. */
export function firstFittingPreset(
  presetList: Preset[],
  dataset: DatasetSummary | undefined,
  model: GanModel = 'dcgan',
): Preset | null {
  return presetList.find((preset) => datasetProblem(dataset, preset.settings.size, model) === null) ?? null;
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
export function settingProblems(settings: TrainingSettings): Partial<Record<string, string>> {
  const parsed = TrainingSettings.safeParse(settings);
  const problems: Partial<Record<string, string>> = {};
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    // A CycleGAN setting's problem is keyed by its own name (path ['cycle', name]).
    const key = issue.path[0] === 'cycle' ? issue.path[1] : issue.path[0];
    if (typeof key === 'string' && !(key in problems)) {
      problems[key] = plainIssue(issue);
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
