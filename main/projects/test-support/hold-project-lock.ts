// Takes a project's lock the way a Ganvas window does, says so, and keeps it until killed.
import { acquireProjectLock } from '../project-lock.js';

const [root] = process.argv.slice(2) as [string];
await acquireProjectLock(root, { app: 'Ganvas lock holder', breakStale: false });
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
