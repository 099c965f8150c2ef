// A page in relay mode: no AWS client, no credentials; one WebSocket to the relay that serves it.
import { createIvsStore } from 'ivs-store';

const token = new URLSearchParams(location.search).get('token') ?? '';
const store = createIvsStore({ relay: { url: `ws://${location.host}/relay`, token } });
const seen = {};
const show = () => {
  if (seen.channels && seen.live && seen.write) document.body.textContent = JSON.stringify(seen);
};
store.channels.list$().subscribe((e) => {
  if (e.status === 'success') (seen.channels = e.data.map((c) => c.arn)), show();
});
store.streams.live$().subscribe((e) => {
  if (e.status === 'success') (seen.live = e.data.map((s) => s.channelArn)), show();
});
// The relay's default policy reads only: a mutation is refused with kind 'access'.
store.channels.create({ name: 'not-allowed' }).then(
  () => ((seen.write = 'done'), show()),
  (err) => ((seen.write = err.kind), show()),
);
