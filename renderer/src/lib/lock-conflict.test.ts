import { describe, expect, it } from 'vitest';
import { lockConflictOf } from './lock-conflict.js';
import { ServiceCallError } from './service-call-error.js';

const conflict = (message: string) => new ServiceCallError('projects:open', 'conflict', message);

describe('lockConflictOf', () => {
  it('reads the holder of a lock left by a window that is gone', () => {
    const error = conflict(
      '/p/Moths.ganvas was left locked by a Ganvas window that is no longer running (pid 4242 on pc since 1/1/2026, 10:00:00, Ganvas 0.1.0 (browser)). Open it again and break the stale lock.',
    );
    expect(lockConflictOf(error, '/p/Moths.ganvas')).toEqual({
      path: '/p/Moths.ganvas',
      holder: 'pid 4242 on pc since 1/1/2026, 10:00:00, Ganvas 0.1.0 (browser)',
      stale: true,
    });
  });

  it('reads a live holder as not breakable', () => {
    const error = conflict(
      '/p/Moths.ganvas is open in another Ganvas window (pid 7 on pc since today, Ganvas 0.1.0). Close it there.',
    );
    expect(lockConflictOf(error, '/p/Moths.ganvas')).toMatchObject({
      holder: 'pid 7 on pc since today, Ganvas 0.1.0',
      stale: false,
    });
  });

  it('is null for other conflicts and other errors', () => {
    expect(lockConflictOf(conflict('/p/Moths.ganvas already exists. Choose another name.'), '/p')).toBeNull();
    expect(
      lockConflictOf(
        new ServiceCallError('projects:open', 'not-found', 'is open in another Ganvas window'),
        '/p',
      ),
    ).toBeNull();
    expect(lockConflictOf(new Error('no longer running'), '/p')).toBeNull();
  });
});
