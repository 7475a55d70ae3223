import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The name of the first NVIDIA GPU, or null. tfjs-node-gpu needs CUDA, which only NVIDIA drivers
 * provide; nvidia-smi ships with every driver (Linux and Windows), and on Linux the kernel module
 * also lists its GPUs under /proc, which works even where nvidia-smi is not on the PATH.
 */
export async function findCudaGpu(): Promise<string | null> {
  return (await fromNvidiaSmi()) ?? (await fromProc());
}

function fromNvidiaSmi(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      ['--query-gpu=name', '--format=csv,noheader'],
      { timeout: 5000, windowsHide: true },
      (error, stdout) => resolve(error ? null : firstLine(stdout)),
    );
  });
}

async function fromProc(): Promise<string | null> {
  const root = '/proc/driver/nvidia/gpus';
  try {
    for (const bus of await readdir(root)) {
      const text = await readFile(join(root, bus, 'information'), 'utf8');
      const model = /^Model:\s*(.+)$/m.exec(text)?.[1]?.trim();
      if (model) return model;
    }
  } catch {
    // No NVIDIA kernel module: not an error, just no GPU.
  }
  return null;
}

function firstLine(text: string): string | null {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? null
  );
}
