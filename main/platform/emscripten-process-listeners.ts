/**
 * Emscripten's Node glue adds process-wide 'uncaughtException' and 'unhandledRejection' listeners
 * that rethrow or abort, which would kill a process before its own handler has reported the error
 * (the trainer's sends it to the studio first). Runs `load` (which may start such a module) and
 * removes whatever listeners it added, once it has settled.
 */
export async function withoutAddedProcessListeners<T>(load: () => T | Promise<T>): Promise<T> {
  const exceptionListeners = new Set(process.listeners('uncaughtException'));
  const rejectionListeners = new Set(process.listeners('unhandledRejection'));
  try {
    return await load();
  } finally {
    for (const listener of process.listeners('uncaughtException'))
      if (!exceptionListeners.has(listener)) process.off('uncaughtException', listener);
    for (const listener of process.listeners('unhandledRejection'))
      if (!rejectionListeners.has(listener)) process.off('unhandledRejection', listener);
  }
}
