// ivs-store/testing/react from the package, typechecked with the app (tsc -b), not bundled:
// the wrapper a component test renders with, given a store or the clients to make one.
import { IvsClient } from '@aws-sdk/client-ivs';
import { createIvsStore, type IvsStore } from 'ivs-store';
import { useChannel } from 'ivs-store/react';
import { IvsTestProvider, ivsTestWrapper, TEST_STORE_DEFAULTS } from 'ivs-store/testing/react';

export function TestedName({ arn }: { arn: string }) {
  const e = useChannel(arn);
  return <span>{e.status === 'success' ? e.data.name : e.status}</span>;
}

export const testStore: IvsStore = createIvsStore({ ...TEST_STORE_DEFAULTS, ivs: new IvsClient({ region: 'us-east-1' }) });
export const TestWrapper = ivsTestWrapper(testStore);
export const madeFromClients = (
  <IvsTestProvider store={{ ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }) }}>
    <TestedName arn="arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234" />
  </IvsTestProvider>
);
