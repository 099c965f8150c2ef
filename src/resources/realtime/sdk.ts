import type * as RealTime from '@aws-sdk/client-ivs-realtime';
import type { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';

type Sdk = typeof RealTime;
type OutputOf<C> = C extends { resolveMiddleware(...args: never[]): (...a: never[]) => Promise<{ output: infer O }> } ? O : never;

let loading: Promise<Sdk> | undefined;

/**
 * The RealTime SDK's command classes, loaded on the first RealTime call. Importing them
 * statically put the whole RealTime client module into every app's bundle, including
 * apps that only show IVS channels; loaded this way, bundlers split it into a chunk that
 * is fetched only when a RealTime resource is used (an app that constructs an
 * IVSRealTimeClient already has the module, so nothing more is fetched).
 */
export function realtimeSdk(): Promise<Sdk> {
  return (loading ??= import('@aws-sdk/client-ivs-realtime'));
}

/** `client.send(new XCommand(input), options)`, with the command class loaded on demand. */
export async function sendRealtime<C extends object>(client: IVSRealTimeClient, make: (sdk: Sdk) => C, options?: { abortSignal?: AbortSignal }): Promise<OutputOf<C>> {
  const command = make(await realtimeSdk());
  // The SDK's send is typed per overload; the command's own output type is inferred above.
  return (await client.send(command as never, options)) as OutputOf<C>;
}
