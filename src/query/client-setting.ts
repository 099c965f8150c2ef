/**
 * A setting of an AWS SDK client's resolved config, as the SDK reads it: a value, or a
 * provider (sync or async) of one. `undefined` when absent or when the provider fails.
 */
export async function clientSetting(client: unknown, name: string): Promise<unknown> {
  const config = (client as { config?: Record<string, unknown> } | undefined)?.config;
  try {
    const p = config?.[name];
    return typeof p === 'function' ? await (p as () => unknown)() : p;
  } catch {
    return undefined;
  }
}
