import { parseArgs } from 'node:util';
import { createCliOutput } from './cli/cli-output.js';
import { BackendPreference } from './contract/index.js';
import type { Command } from './cli/command.js';
import { evaluateCommand, evaluateUsage } from './cli/evaluate-command.js';
import { exportCommand, exportUsage } from './cli/export-command.js';
import { importArchiveCommand, importArchiveUsage } from './cli/import-archive-command.js';
import { importCommand, importUsage } from './cli/import-command.js';
import { infoCommand } from './cli/info-command.js';
import { interpolateCommand, interpolateUsage } from './cli/interpolate-command.js';
import { projectCommand, projectUsage } from './cli/project-command.js';
import { sampleCommand, sampleUsage } from './cli/sample-command.js';
import { trainCommand, trainUsage } from './cli/train-command.js';
import { translateCommand, translateUsage } from './cli/translate-command.js';
import { appVersion } from './platform/app-version.js';
import { defaultDataDir } from './platform/data-dir.js';
import { createStudio } from './studio.js';
import { createNodeTrainerSpawner } from './training/node-trainer-spawner.js';

const usage = `Ganvas — train GANs on your own images, on your own machine.

Usage: ganvas <command> [options]

Commands:
  info          version, compute backend and device, and whether the Electron app can run here
${projectUsage}
${importUsage}
${trainUsage}
${sampleUsage}
${translateUsage}
${interpolateUsage}
${evaluateUsage}
${exportUsage}
${importArchiveUsage}

Options:
  --json        one JSON object per line: progress events, then a result or an error
  --help        this help
  --version     the version

Environment:
  GANVAS_BACKEND   force a compute backend: tensorflow-gpu, tensorflow, wasm or cpu
  GANVAS_HOME      where settings live (default: the app's data folder)
  GANVAS_PROJECTS_DIR  where new projects go (default: ~/Ganvas)
`;

const commands: Record<string, Command> = {
  info: infoCommand,
  project: projectCommand,
  import: importCommand,
  train: trainCommand,
  sample: sampleCommand,
  translate: translateCommand,
  interpolate: interpolateCommand,
  evaluate: evaluateCommand,
  export: exportCommand,
  'import-archive': importArchiveCommand,
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean' }, help: { type: 'boolean' }, version: { type: 'boolean' } },
  });
  const commandArgs = argv.slice(argv.findIndex((arg) => arg === positionals[0]) + 1);
  const output = createCliOutput(
    values.json === true,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
  if (values.version) {
    output.result({ version: appVersion() }, appVersion());
    return 0;
  }
  const [name] = positionals;
  if (values.help || !name) {
    process.stdout.write(usage);
    return values.help ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    output.error(`Unknown command "${name}". Run ganvas --help for the list.`);
    return 2;
  }
  // --backend NAME forces the compute backend for this command, as GANVAS_BACKEND does.
  const backendIndex = commandArgs.indexOf('--backend');
  if (backendIndex >= 0) {
    const wanted = commandArgs[backendIndex + 1];
    const known = BackendPreference.safeParse(wanted);
    if (!known.success || wanted === undefined) {
      output.error(`--backend is one of ${BackendPreference.options.join(', ')}.`);
      return 2;
    }
    process.env.GANVAS_BACKEND = wanted;
  }
  const studio = await createStudio({
    shell: 'cli',
    dataDir: defaultDataDir(),
    spawnTrainer: createNodeTrainerSpawner(),
  });
  try {
    return await command(studio, output, commandArgs);
  } finally {
    await studio.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const json = process.argv.includes('--json');
    const message = (error as Error).message;
    process.stdout.write(json ? `${JSON.stringify({ type: 'error', message })}\n` : `Error: ${message}\n`);
    process.exit(1);
  },
);
