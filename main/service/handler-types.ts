import type { z } from 'zod';

type CallSpec = { args: z.ZodType; result: z.ZodType };

/** The handlers for one domain's calls: parsed args in, the result schema's type out. */
export type HandlersFor<Calls extends Record<string, CallSpec>> = {
  [C in keyof Calls]: (args: z.output<Calls[C]['args']>) => Promise<z.output<Calls[C]['result']>>;
};
