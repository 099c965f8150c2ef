import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIvsStore } from '../../src/index.js';
import { tabsOptions } from '../../src/store/tabs.js';
import { groupName } from '../../src/query/sync/group-name.js';
import { FakeLocks } from '../support/fake-locks.js';

const ivs = { config: {}, send: vi.fn() } as never;

describe('the tabs option', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is on in a page where BroadcastChannel and Web Locks exist, off with false, off where locks are missing', () => {
    const locks = new FakeLocks().tab('t');
    expect(tabsOptions(undefined)).toBeUndefined(); // Node 20: no navigator.locks
    vi.stubGlobal('navigator', { locks });
    // Node 24.5+ has both APIs, but a server's stores are not tabs: on by default only in a page.
    expect(tabsOptions(undefined)).toBeUndefined();
    expect(tabsOptions(true)).toEqual({ locks });
    vi.stubGlobal('document', {});
    expect(tabsOptions(undefined)).toEqual({ locks });
    expect(tabsOptions(true)).toEqual({ locks });
    expect(tabsOptions(false)).toBeUndefined();
    expect(tabsOptions({ key: 'k' })).toEqual({ key: 'k', locks });
    vi.stubGlobal('BroadcastChannel', undefined);
    expect(tabsOptions(undefined)).toBeUndefined();
    // A transport of the app's own needs no BroadcastChannel.
    const transport = () => ({ post() {}, listen: () => () => undefined, close() {} });
    expect(tabsOptions({ transport })).toEqual({ transport, locks });
  });

  it('rejects what it cannot use, naming the field and the rule', () => {
    const make = (tabs: unknown) => () => createIvsStore({ ivs, tabs: tabs as never });
    expect(make('yes')).toThrow('createIvsStore: tabs must be true, false or { key?, transport?, locks? }, got yes');
    expect(make(null)).toThrow(/tabs must be true, false/);
    expect(make({ key: '' })).toThrow('createIvsStore: tabs.key must be a non-empty string');
    expect(make({ transport: {} })).toThrow(/tabs.transport must be a function/);
    expect(make({ locks: {} })).toThrow('createIvsStore: tabs.locks must be a LockManager (navigator.locks)');
  });

  it('a store with tabs off has no role in its metrics', async () => {
    const store = createIvsStore({ ivs, tabs: false });
    const m = await new Promise((r) => store.metrics$.subscribe(r).unsubscribe());
    expect(m).not.toHaveProperty('tabs');
    store.dispose();
  });
});

describe('a store in a group', () => {
  afterEach(() => {
    vi.doUnmock('../../src/query/sync/group.js');
    vi.resetModules();
  });
  const ARN = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234';

  it('gives the same Observable for the same call, as a store alone does', async () => {
    const store = createIvsStore({ ivs, tabs: { locks: new FakeLocks().tab('a'), key: 'k' } });
    store.channels.get$(ARN); // before channels' code is there: a stand-in
    await store.channels.refresh(); // now it is
    expect(store.channels.get$(ARN)).toBe(store.channels.get$(ARN));
    expect(store.channels.get$(ARN)).not.toBe(store.channels.get$(ARN.replace('abcd', 'bcde')));
    store.dispose();
  });

  it('reads for itself when the group code cannot be had (offline as the page starts)', async () => {
    vi.resetModules();
    vi.doMock('../../src/query/sync/group.js', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { createIvsStore: create } = await import('../../src/index.js');
    const store = create({ ivs, tabs: { locks: new FakeLocks().tab('a'), key: 'k' } });
    const roles: Array<string | undefined> = [];
    const sub = store.metrics$.subscribe((m) => roles.push(m.tabs?.role));
    await vi.waitFor(() => expect(roles.at(-1)).toBe('leader'));
    await expect(store.channels.refresh()).resolves.toBeUndefined();
    sub.unsubscribe();
    store.dispose();
  });
});

describe('the group a store joins by default', () => {
  const client = (region: string, accessKeyId: string, hostname?: string) => ({
    config: {
      region: async () => region,
      credentials: async () => ({ accessKeyId, secretAccessKey: 'x' }),
      endpoint: hostname ? async () => ({ protocol: 'https:', hostname, port: 443, path: '/' }) : undefined,
    },
  });

  it('is one per account, region and endpoint, and names no access key id in clear', async () => {
    const a = await groupName(undefined, client('us-west-2', 'AKIAEXAMPLE1'));
    expect(await groupName(undefined, client('us-west-2', 'AKIAEXAMPLE1'))).toBe(a);
    expect(await groupName(undefined, client('us-west-2', 'AKIAEXAMPLE2'))).not.toBe(a);
    expect(await groupName(undefined, client('eu-west-1', 'AKIAEXAMPLE1'))).not.toBe(a);
    expect(await groupName(undefined, client('us-west-2', 'AKIAEXAMPLE1', 'localhost'))).not.toBe(a);
    expect(a).not.toContain('AKIA');
    expect(await groupName('mine', client('us-west-2', 'AKIAEXAMPLE1'))).toBe(await groupName('mine', {}));
  });

  it('still forms when the credentials cannot be had (the calls will say why)', async () => {
    const broken = { config: { region: 'us-east-1', credentials: async () => Promise.reject(new Error('no creds')) } };
    await expect(groupName(undefined, broken)).resolves.toMatch(/^ivs-store:/);
  });
});
