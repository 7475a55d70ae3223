import type { Studio } from '../studio.js';
import type { CliOutput } from './cli-output.js';

/**
 * A CLI command: gets the studio (the same service the app uses), the output rules, and its own
 * arguments (everything after the command name, `--json` included) to parse. Returns the exit code.
 */
export type Command = (studio: Studio, output: CliOutput, argv: string[]) => Promise<number>;
