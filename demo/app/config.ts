/** What the demo server tells the page at `/config.json`. */
export interface DemoConfig {
  /** `simulator`: a local, seeded world the page's controls can drive. `aws`: a real account, read-only. */
  mode: 'simulator' | 'aws';
  region: string;
  /** The simulator's URL; absent for AWS (the SDK's regional endpoint). */
  endpoint?: string;
  /** The page's own credentials; absent when it reads through the relay (they stay on the server). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** `--relay`: the page reads through the demo's relay, at this WebSocket URL, with this token. */
  relay?: { url: string; token: string };
  /** How often the page re-reads what it shows, ms. */
  refetchInterval: number;
}

export async function loadConfig(): Promise<DemoConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json answered ${res.status}`);
  return (await res.json()) as DemoConfig;
}
