import type { Project, RecentProject } from '$contract';
import { describe, expect, it } from 'vitest';
import { openProjectKey, ProjectsStore, welcomedKey } from './projects.svelte.js';
import { FakeApi, MemoryStorage } from './test-support/fake-api.js';

const project = (name: string, extra: Partial<Project> = {}): Project => ({
  id: `id-${name}`,
  name,
  path: `/home/me/Ganvas/${name}.ganvas`,
  schemaVersion: 1,
  createdAt: 1,
  isSample: false,
  datasets: [],
  issues: [],
  ...extra,
});

const recent = (name: string): RecentProject => ({
  path: `/home/me/Ganvas/${name}.ganvas`,
  name,
  lastOpenedAt: 1,
  available: true,
  isSample: false,
});

function setUp(recentList: RecentProject[] = []) {
  const api = new FakeApi()
    .handle('projects:recent', () => recentList)
    .handle('projects:default-location', () => ({ path: '/home/me/Ganvas' }))
    .handle('projects:open-sample', () => project('Sample Project', { isSample: true }))
    .handle('projects:open', ({ path }) => project(path.split('/').at(-1)?.replace('.ganvas', '') ?? path))
    .handle('projects:get', ({ projectId }) => project(projectId.replace('id-', '')))
    .handle('projects:close', () => ({ closed: true }));
  const session = new MemoryStorage();
  const local = new MemoryStorage();
  const seen: Array<string | null> = [];
  const store = new ProjectsStore(api, { session, onCurrent: (p) => seen.push(p?.name ?? null) });
  return { api, store, session, local, seen };
}

describe('ProjectsStore: first launch', () => {
  it('opens the sample on the very first launch, once', async () => {
    const { api, store, local } = setUp();
    await store.refresh();
    await store.resume(local);
    expect(store.current?.name).toBe('Sample Project');
    expect(local.getItem(welcomedKey)).toBe('1');

    await store.close();
    await store.resume(local);
    expect(store.current).toBeNull();
    expect(api.callsOf('projects:open-sample')).toHaveLength(1);
  });

  it('does not open the sample for someone who already has projects', async () => {
    const { api, store, local } = setUp([recent('Moths')]);
    await store.refresh();
    await store.resume(local);
    expect(store.current).toBeNull();
    expect(api.callsOf('projects:open-sample')).toHaveLength(0);
    expect(local.getItem(welcomedKey)).toBe('1');
  });

  it('decides nothing before the recent list has been read', async () => {
    const { api, store, local } = setUp();
    api.fail('projects:recent', 'disconnected', 'The connection to Ganvas was lost.');
    await store.refresh();
    await store.resume(local);
    expect(store.current).toBeNull();
    expect(local.getItem(welcomedKey)).toBeNull();
  });

  it('reopens the project this window had open before a reload, instead of the sample', async () => {
    const { api, store, session, local } = setUp();
    session.setItem(openProjectKey, '/home/me/Ganvas/Moths.ganvas');
    await store.refresh();
    await store.resume(local);
    expect(store.current?.name).toBe('Moths');
    expect(api.callsOf('projects:open-sample')).toHaveLength(0);
  });

  it('forgets a remembered project that is gone, quietly', async () => {
    const { api, store, session, local } = setUp([recent('Moths')]);
    api.fail('projects:open', 'not-found', '/home/me/Ganvas/Moths.ganvas no longer exists.');
    session.setItem(openProjectKey, '/home/me/Ganvas/Moths.ganvas');
    await store.refresh();
    await store.resume(local);
    expect(store.current).toBeNull();
    expect(store.error).toBeNull();
    expect(session.getItem(openProjectKey)).toBeNull();
  });
});

describe('ProjectsStore: the open project', () => {
  it('remembers the open project for this window and tells the listener', async () => {
    const { store, session, seen } = setUp();
    await store.open('/home/me/Ganvas/Moths.ganvas');
    expect(session.getItem(openProjectKey)).toBe('/home/me/Ganvas/Moths.ganvas');
    await store.close();
    expect(session.getItem(openProjectKey)).toBeNull();
    expect(seen).toEqual(['Moths', 'Moths', null]);
  });

  it('closes the project it leaves when another one opens', async () => {
    const { api, store } = setUp();
    await store.open('/home/me/Ganvas/Moths.ganvas');
    await store.openSample();
    expect(api.callsOf('projects:close')).toEqual([{ projectId: 'id-Moths' }]);
  });

  it('follows changes to the open project and ignores other projects', async () => {
    const { api, store } = setUp();
    await store.open('/home/me/Ganvas/Moths.ganvas');
    api.emit('projects:changed', project('Moths', { datasets: [], issues: [{ path: 'a', message: 'b' }] }));
    expect(store.current?.issues).toHaveLength(1);
    api.emit('projects:changed', project('Other'));
    expect(store.current?.name).toBe('Moths');
  });

  it('creates in the chosen folder, or in the default one when none is given', async () => {
    const { api, store } = setUp();
    api.handle('projects:create', ({ name }) => project(name));
    await store.create('Moths', '  /data/art  ');
    await store.create('Birds', '   ');
    expect(api.callsOf('projects:create')).toEqual([
      { name: 'Moths', parentDir: '/data/art' },
      { name: 'Birds' },
    ]);
    expect(store.defaultLocation).toBe('/home/me/Ganvas');
  });

  it('shows the service message when something fails, and clears it on the next action', async () => {
    const { api, store } = setUp();
    api.fail(
      'projects:create',
      'conflict',
      '/home/me/Ganvas/Moths.ganvas already exists. Choose another name.',
    );
    expect(await store.create('Moths')).toBe(false);
    expect(store.error).toContain('Choose another name');
    expect(store.conflict).toBeNull();
    await store.openSample();
    expect(store.error).toBeNull();
  });

  it('moves a deleted project to the trash with a calm note', async () => {
    const { api, store, session } = setUp();
    api.handle('projects:delete', () => ({ path: '/home/me/Ganvas/Moths.ganvas', trashed: true }));
    await store.open('/home/me/Ganvas/Moths.ganvas');
    expect(await store.remove()).toBe(true);
    expect(api.callsOf('projects:delete')).toEqual([{ projectId: 'id-Moths', confirm: true }]);
    expect(store.current).toBeNull();
    expect(store.notice).toContain('in the trash');
    expect(session.getItem(openProjectKey)).toBeNull();
  });
});

describe('ProjectsStore: locks', () => {
  const stale =
    '/p/Moths.ganvas was left locked by a Ganvas window that is no longer running (pid 4242 on pc since today, Ganvas 0.1.0 (browser)). Open it again and break the stale lock.';

  it('offers to break a stale lock, and breaks it only when asked', async () => {
    const { api, store } = setUp();
    api.fail('projects:open', 'conflict', stale);
    expect(await store.open('/p/Moths.ganvas')).toBe(false);
    expect(store.conflict).toEqual({
      path: '/p/Moths.ganvas',
      holder: 'pid 4242 on pc since today, Ganvas 0.1.0 (browser)',
      stale: true,
    });
    expect(store.error).toBeNull();

    api.handle('projects:open', () => project('Moths'));
    expect(await store.open('/p/Moths.ganvas', true)).toBe(true);
    expect(api.callsOf('projects:open').at(-1)).toEqual({ path: '/p/Moths.ganvas', breakStaleLock: true });
    expect(store.conflict).toBeNull();
    expect(store.notice).toContain('stale lock was removed');
  });
});
