// ivs-store/testing/vue from the package, typechecked by vue-tsc with the app, not bundled:
// the plugin a component test mounts with, and the provider component.
import { IvsClient } from '@aws-sdk/client-ivs';
import { IvsTestProvider, ivsTestPlugin } from 'ivs-store/testing/vue';
import { createApp, h } from 'vue';
import ChannelTile from './ChannelTile.vue';

const ivs = new IvsClient({ region: 'us-east-1', maxAttempts: 1 });
export const testApp = createApp(ChannelTile, { arn: 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234' }).use(
  ivsTestPlugin({ ivs }),
);
export const provided = h(IvsTestProvider, { store: { ivs } }, () => h('span'));
