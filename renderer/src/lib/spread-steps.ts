/** Steps to compare: up to `count` checkpoints evenly spread over the run, always its newest. */
export function spreadSteps(steps: number[], count: number): number[] {
  if (steps.length <= count) return [...steps];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) {
    const index = Math.round((i * (steps.length - 1)) / (count - 1));
    const step = steps[index];
    if (step !== undefined) picked.add(step);
  }
  return [...picked];
}
