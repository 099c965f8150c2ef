import { clientSetting } from '../client-setting.js';

/**
 * The name of a group of stores: stores of different accounts or endpoints never share, so
 * by default it is derived from what identifies them on the client (resolved as the SDK
 * does), hashed, since any script of the page can list lock and channel names.
 */
export async function groupName(key: string | undefined, client: unknown): Promise<string> {
  return `ivs-store:${hash(key ?? (await accountKey(client)))}`;
}

/** Region, endpoint and access key id of an AWS SDK client. */
async function accountKey(ivs: unknown): Promise<string> {
  const [region, endpoint, credentials] = await Promise.all(
    ['region', 'endpoint', 'credentials'].map((name) => clientSetting(ivs, name)),
  );
  const e = endpoint as { protocol?: string; hostname?: string; port?: number; path?: string } | undefined;
  const where = e?.hostname ? `${e.protocol ?? ''}//${e.hostname}:${e.port ?? ''}${e.path ?? ''}` : 'aws';
  const who = (credentials as { accessKeyId?: string } | undefined)?.accessKeyId ?? '';
  return `${String(region ?? '')}|${where}|${who}`;
}

/** FNV-1a: the key names locks and channels any script of the page can list; no access key id in clear. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** A member's id, unique in its group. */
export function memberId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
