import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../datasets/json-file.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';

export const directionNamesFile = 'directions.json';
const schemaVersion = 1;
const NamedDirection = z.object({
  runId: z.string(),
  step: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  name: z.string().min(1),
});
type NamedDirection = z.infer<typeof NamedDirection>;
const NamesFile = z.object({ schemaVersion: z.literal(schemaVersion), directions: z.array(NamedDirection) });

/** The names an artist gave to directions of a checkpoint, from the project's directions.json. */
export async function readDirectionNames(
  projectRoot: string,
  runId: string,
  step: number,
): Promise<Map<number, string>> {
  const all = await readAll(projectRoot);
  return new Map(all.filter((d) => d.runId === runId && d.step === step).map((d) => [d.index, d.name]));
}

/** Names (or, with an empty name, un-names) one direction of one checkpoint. */
export async function nameDirection(
  projectRoot: string,
  direction: { runId: string; step: number; index: number; name: string },
): Promise<void> {
  const others = (await readAll(projectRoot)).filter(
    (d) => !(d.runId === direction.runId && d.step === direction.step && d.index === direction.index),
  );
  const directions = direction.name ? [...others, direction] : others;
  await writeJsonAtomic(join(projectRoot, directionNamesFile), { schemaVersion, directions });
}

async function readAll(projectRoot: string): Promise<NamedDirection[]> {
  const reading = await readJsonFile(join(projectRoot, directionNamesFile), NamesFile, schemaVersion);
  if (reading.ok) return reading.value.directions;
  if (reading.missing) return [];
  throw new ServiceFailure(
    'conflict',
    `directions.json cannot be read (${reading.message}); Ganvas leaves it as it is.`,
  );
}
