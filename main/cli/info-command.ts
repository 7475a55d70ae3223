import type { AppInfo } from '../contract/index.js';
import type { Studio } from '../studio.js';
import type { CliOutput } from './cli-output.js';

/** `ganvas info`: version, compute backend and device, and whether the Electron shell can run here. */
export async function infoCommand(studio: Studio, output: CliOutput): Promise<number> {
  const backend = await studio.call('backend:info', {});
  const info = await studio.call('app:info', {});
  if (!info.ok) return fail(output, info.error.message);
  const app = info.value as AppInfo;
  const backendText = backend.ok
    ? `${app.backend?.name ?? 'unknown'} on ${app.backend?.device ?? 'unknown device'}`
    : `unavailable (${backend.error.message})`;
  const fallbacks = (app.backend?.fallbacks ?? []).map((f) => `  skipped ${f.backend}: ${f.reason}`);
  output.result(
    {
      version: app.version,
      platform: `${app.platform}-${app.arch}`,
      node: app.nodeVersion,
      backend: app.backend,
      device: app.backend?.device ?? null,
      electron: app.electron,
    },
    [
      `Ganvas ${app.version} (${app.platform}-${app.arch}, Node ${app.nodeVersion})`,
      `Compute backend: ${backendText}`,
      ...fallbacks,
      `Electron shell: ${app.electron.canRun ? 'can run here' : `cannot run here: ${app.electron.reason}`}`,
    ].join('\n'),
  );
  return backend.ok ? 0 : fail(output, backend.error.message);
}

function fail(output: CliOutput, message: string): number {
  output.error(message);
  return 1;
}
