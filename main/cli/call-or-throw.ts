import type { CallArgs, CallName, CallResult } from '../contract/index.js';
import type { Studio } from '../studio.js';

/** Calls the studio as the UI does, and turns a refusal into an exception with the service's words. */
export async function callOrThrow<C extends CallName>(
  studio: Studio,
  name: C,
  args: CallArgs<C>,
): Promise<CallResult<C>> {
  const outcome = await studio.call(name, args);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as CallResult<C>;
}
