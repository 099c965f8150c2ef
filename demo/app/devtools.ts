import type { IvsStore } from 'ivs-store';
import type { DevtoolsHandle } from 'ivs-store/devtools';

/**
 * The header's "devtools" button: the first click loads `ivs-store/devtools` (a chunk of its
 * own, so the dashboard's bundle carries none of it) and docks the panel; the next removes it.
 */
export function devtoolsButton(button: HTMLButtonElement, store: IvsStore): void {
  let panel: DevtoolsHandle | undefined;
  let loading = false;
  button.addEventListener('click', () => {
    if (panel) {
      panel.unmount();
      panel = undefined;
      button.setAttribute('aria-pressed', 'false');
      return;
    }
    if (loading) return;
    loading = true;
    import('ivs-store/devtools')
      .then(({ mountDevtools }) => {
        panel = mountDevtools(store);
        button.setAttribute('aria-pressed', 'true');
      })
      .catch((err: unknown) => {
        button.title = `The devtools could not load: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => (loading = false));
  });
}
