// Bundled for the browser by test/browser/cors.browser.test.ts: the real IvsClient as a
// page would use it, exposed to the test as `window.callIvs`.
import { GetStreamCommand, IvsClient, ListChannelsCommand } from '@aws-sdk/client-ivs';

interface Target {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

async function callIvs(target: Target, channelArn: string): Promise<Record<string, unknown>> {
  const client = new IvsClient({ ...target, maxAttempts: 1 });
  try {
    const list = await client.send(new ListChannelsCommand({}));
    let streamError: string | undefined;
    try {
      await client.send(new GetStreamCommand({ channelArn }));
    } catch (err) {
      streamError = (err as Error).name;
    }
    return { ok: true, names: (list.channels ?? []).map((c) => c.name), streamError };
  } catch (err) {
    return { ok: false, error: `${(err as Error).name}: ${(err as Error).message}` };
  } finally {
    client.destroy();
  }
}

(window as unknown as { callIvs: typeof callIvs }).callIvs = callIvs;
