import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's default browser, if this machine has one to show. Returns false
 * (and changes nothing) on a headless machine, so the caller can tell the user to open it.
 */
export function openInDefaultBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const command =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : null;
  if (!command) return false;
  const [program, ...args] = command as [string, ...string[]];
  try {
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
