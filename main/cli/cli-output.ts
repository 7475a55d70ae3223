/**
 * The one rule every command follows: with --json, one JSON object per line — progress events,
 * then a `result` or an `error` — and the exit code says whether it worked. Without --json,
 * sentences for a person.
 */
export interface CliOutput {
  json: boolean;
  progress(fields: Record<string, unknown>, text: string): void;
  result(value: Record<string, unknown>, text: string): void;
  error(message: string): void;
}

export function createCliOutput(
  json: boolean,
  write: (line: string) => void,
  writeError: (line: string) => void,
): CliOutput {
  return {
    json,
    progress(fields, text) {
      if (json) write(JSON.stringify({ type: 'progress', ...fields }));
      else writeError(text);
    },
    result(value, text) {
      write(json ? JSON.stringify({ type: 'result', ...value }) : text);
    },
    error(message) {
      if (json) write(JSON.stringify({ type: 'error', message }));
      else writeError(`Error: ${message}`);
    },
  };
}
