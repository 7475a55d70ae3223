import type { TrainingSettings } from '../../contract/index.js';

/**
 * The settings the advice depends on. With them a message names concrete values ("from 0.0002 to
 * 0.0001") and leaves out what is already done (it does not say "turn augmentation on" when it is).
 */
export type AdviceSettings = Pick<
  TrainingSettings,
  | 'augment'
  | 'generatorLearningRate'
  | 'discriminatorLearningRate'
  | 'discriminatorSteps'
  | 'realLabel'
  | 'emaDecay'
>;

// The words an artist meets first: each network is glossed once per message, in plain terms.
const judge = 'the judge network (the discriminator, which tells real images from generated ones)';
const maker = 'the generator (the network that makes the images)';

export interface DiscriminatorWinsFacts {
  dReal: number;
  dFake: number;
  /** Steps the averages cover. */
  steps: number;
  /** Roughly where the trouble began. */
  sinceStep: number;
}

export function discriminatorWinsMessage(facts: DiscriminatorWinsFacts, settings?: AdviceSettings): string {
  const tries: string[] = [];
  if (!settings || !augmentationOn(settings)) {
    tries.push(
      'turn augmentation on (random shifts, cut-outs and colour changes keep the judge from memorising your images)',
    );
  }
  tries.push(
    `lower the judge’s learning rate (the size of its learning steps)${halving(settings?.discriminatorLearningRate)}`,
  );
  if (!settings || settings.realLabel > 0.95) {
    tries.push(
      'use label smoothing (a real-image label of 0.9, so the judge is never taught to be completely sure)',
    );
  }
  if (settings && settings.discriminatorSteps > 1) {
    tries.push(`train the judge once per generator step instead of ${settings.discriminatorSteps} times`);
  }
  return (
    `The judge is winning too easily. Over the last ${facts.steps} steps ${judge} scored your real images ` +
    `${facts.dReal.toFixed(2)} and the generated ones ${facts.dFake.toFixed(2)} on average (1 means “surely real”, ` +
    `0 “surely fake”). When it rejects nearly every generated image, ${maker} gets almost no signal about how to ` +
    `improve, and its images stop getting better. Try: ${tries.join('; ')}. Branch from a checkpoint before step ` +
    `${facts.sinceStep} to try it.`
  );
}

export interface OscillationFacts {
  /** The smoothed generator loss's typical value, and how far it swings around its trend. */
  level: number;
  amplitude: number;
  steps: number;
}

export function oscillationMessage(facts: OscillationFacts, settings?: AdviceSettings): string {
  const tries = [
    `lower both learning rates (the size of each learning step)${
      settings
        ? `, e.g. the generator’s${halving(settings.generatorLearningRate)} and the judge’s${halving(settings.discriminatorLearningRate)}`
        : ', e.g. to half'
    }`,
  ];
  tries.push(
    settings && settings.emaDecay === 0
      ? 'turn on the averaged generator (EMA) in Advanced settings: it makes steadier samples'
      : 'judge progress by the sample images rather than the loss curve: they come from a running average of the generator (EMA), which smooths these swings out',
  );
  return (
    `The losses swing up and down without getting anywhere. Over the last ${facts.steps} steps the generator’s loss ` +
    `(how badly its images fool the judge) kept swinging by about ±${facts.amplitude.toFixed(2)} around ` +
    `${facts.level.toFixed(2)} with no downward trend: ${maker} and the judge are chasing each other in circles ` +
    `instead of both improving. Try: ${tries.join('; ')}. Branch from a recent checkpoint to try it.`
  );
}

export interface ModeCollapseFacts {
  /** Sample diversity as a fraction of the real images' diversity. */
  ratio: number;
  /** The newest sample step whose images were still varied, or null if none was seen. */
  variedStep: number | null;
}

export function modeCollapseMessage(facts: ModeCollapseFacts, settings?: AdviceSettings): string {
  const changes = ['lower learning rates (e.g. half)'];
  if (!settings || !augmentationOn(settings)) changes.unshift('augmentation on');
  const from =
    facts.variedStep === null
      ? 'an earlier checkpoint'
      : `a checkpoint at or before step ${facts.variedStep}, when the samples were still varied,`;
  return (
    `The samples are losing variety: they are only ${Math.round(facts.ratio * 100)}% as different from one another ` +
    `as your real images are. ${capitalised(maker)} has found a few images that fool the judge and now makes them ` +
    `whatever random starting point it is given (this is called mode collapse); it rarely recovers by itself. ` +
    `Try branching from ${from} with ${changes.join(' and ')}.`
  );
}

export function smallDatasetMessage(count: number, augmentOn?: boolean): string {
  const images = count === 1 ? '1 image' : `${count} images`;
  const augmentation =
    augmentOn === false
      ? 'turn augmentation on so it cannot simply memorise them'
      : 'keep augmentation on so it cannot simply memorise them';
  return (
    `This dataset has ${images}, few for a GAN: with so few it tends to copy them rather than learn what they ` +
    `have in common, and may end up repeating them. More images help most (a few hundred or more); ${augmentation}.`
  );
}

function augmentationOn(settings: AdviceSettings): boolean {
  return settings.augment.translation && settings.augment.cutout && settings.augment.colour;
}

function halving(rate: number | undefined): string {
  return rate === undefined ? ', e.g. to half' : ` from ${plainNumber(rate)} to ${plainNumber(rate / 2)}`;
}

/** Two significant digits without exponent notation for the learning rates artists see (0.0001). */
function plainNumber(value: number): string {
  return Number(value.toPrecision(2)).toString();
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
