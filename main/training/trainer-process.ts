import * as tf from '@tensorflow/tfjs';
import { BackendPreference } from '../contract/index.js';
import { loadBackend } from '../tf/backend-loader.js';
import { connectToParent, type ParentChannel } from './parent-channel.js';
import { runTask } from './tasks/run-task.js';
import { yieldWithSetImmediate } from './tasks/task-context.js';
import { TrainerJobQueue } from './trainer-job-queue.js';
import { parseParentMessage, type TrainerMessage } from './trainer-protocol.js';

/**
 * The trainer: a long-lived child process that hosts TensorFlow.js, so a crash or an
 * out-of-memory kill takes down only this process, never the app. Started by the supervisor
 * through Electron's utilityProcess or Node's child_process.fork (see parent-channel.ts).
 */
async function main(channel: ParentChannel): Promise<void> {
  const send = (message: TrainerMessage) => channel.send(message);
  const log = (level: 'info' | 'warn' | 'error', message: string) => send({ type: 'log', level, message });

  let backend: Awaited<ReturnType<typeof loadBackend>>['info'] | null = null;
  const jobs = new TrainerJobQueue({
    send,
    execute: (task, emit, signal) => {
      if (!backend) throw new Error('The compute backend is not loaded.');
      return runTask(task, {
        tf,
        backend,
        emit,
        signal,
        clock: () => performance.now(),
        yieldToEventLoop: yieldWithSetImmediate,
      });
    },
  });

  let exiting = false;
  const exit = async (code: number) => {
    if (exiting) return;
    exiting = true;
    await jobs.shutdown();
    await channel.flush();
    process.exit(code);
  };

  // Listen before loading: a job sent early waits in the queue instead of being lost.
  channel.onMessage((raw) => {
    const parsed = parseParentMessage(raw);
    if (!parsed.ok) return log('warn', `Trainer dropped a ${parsed.problem}`);
    const message = parsed.message;
    switch (message.type) {
      case 'run':
        return jobs.run(message.jobId, message.task);
      case 'cancel':
        return jobs.cancel(message.jobId);
      case 'shutdown':
        return void exit(0);
    }
  });
  channel.onDisconnect(() => void exit(0));

  const setting = BackendPreference.safeParse(process.env.GANVAS_BACKEND_PREFERENCE ?? 'auto');
  if (!setting.success)
    log('warn', `Unknown backend setting "${process.env.GANVAS_BACKEND_PREFERENCE}"; using auto.`);
  const loaded = await loadBackend({ setting: setting.success ? setting.data : 'auto', env: process.env });
  for (const warning of loaded.warnings) log('warn', warning);
  backend = loaded.info;
  send({ type: 'ready', backend });
  jobs.start();
}

const channel = connectToParent();
if (!channel) {
  console.error('The Ganvas trainer must be started by Ganvas (it talks to its parent over IPC).');
  process.exit(2);
}

const fatal = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  channel.send({ type: 'fatal', message } satisfies TrainerMessage);
  void channel.flush().finally(() => process.exit(1));
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
main(channel).catch(fatal);
