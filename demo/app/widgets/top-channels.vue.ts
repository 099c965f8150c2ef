import { computed, createApp, defineComponent, h } from 'vue';
import type { IvsStore } from 'ivs-store';
import { provideIvsStore, useEntry, useIvsStore } from 'ivs-store/vue';
import { queries } from '../watch.js';

/**
 * A widget written with the Vue bindings: the five most watched live channels, from
 * `streams.live$()` (ListStreams) and the channel names the React grid already cached.
 */
const TopChannels = defineComponent({
  name: 'TopChannels',
  setup() {
    const store = useIvsStore();
    const live = useEntry(() => queries.live(store));
    const channels = useEntry(() => queries.channels(store));
    const top = computed(() => {
      const names = new Map((channels.value.data ?? []).map((c) => [c.arn, c.name]));
      return [...(live.value.data ?? [])]
        .sort((a, b) => (b.viewerCount ?? 0) - (a.viewerCount ?? 0))
        .slice(0, 5)
        .map((s) => ({
          arn: s.channelArn ?? '',
          name: names.get(s.channelArn) ?? s.channelArn?.split('/').pop() ?? '?',
          viewers: Math.max(0, s.viewerCount ?? 0),
          health: s.health ?? 'UNKNOWN',
        }));
    });
    return () =>
      h('div', { 'data-testid': 'top-channels' }, [
        h('h2', null, [h('span', null, 'Top channels'), h('span', { class: 'muted' }, 'Vue')]),
        top.value.length === 0
          ? h('p', { class: 'muted' }, live.value.status === 'loading' ? 'Loading…' : 'Nothing live')
          : h(
              'ol',
              { class: 'top' },
              top.value.map((c) =>
                h('li', { key: c.arn, 'data-channel': c.arn }, [
                  h('span', null, c.name),
                  h('span', { class: `num badge ${c.health}` }, c.viewers.toLocaleString('en-US')),
                ]),
              ),
            ),
      ]);
  },
});

export function mountTopChannels(el: Element, store: IvsStore): () => void {
  const app = createApp(
    defineComponent({
      setup() {
        provideIvsStore(store);
        return () => h(TopChannels);
      },
    }),
  );
  app.mount(el);
  return () => app.unmount();
}
