import { interval, map, scan, startWith, withLatestFrom } from 'rxjs';
import { publishedQuota, type IvsStore, type StoreMetrics } from 'ivs-store';

const WINDOW_S = 5;
const SINGLE_READS = ['BatchGetChannel', 'GetChannel', 'BatchGetStreamKey', 'GetStreamKey'];

export interface Budget {
  /** Calls per second over the last few seconds, all operations. */
  callsPerSecond: number;
  /** The busiest operation and its share of its own per-account quota. */
  busiest: { operation: string; perSecond: number; quota: number } | undefined;
  /** Single reads the components asked for, and the calls that carried them. */
  reads: number;
  readCalls: number;
  throttles: number;
  retries: number;
}

const total = (calls: Readonly<Record<string, number>>, only?: readonly string[]) =>
  Object.entries(calls).reduce((sum, [op, n]) => (only && !only.includes(op) ? sum : sum + n), 0);

/** The API budget from `store.metrics$`: a rate over a sliding window of one-second samples. */
export function budget$(store: IvsStore) {
  return interval(1000).pipe(
    startWith(0),
    withLatestFrom(store.metrics$),
    map(([, m]) => m),
    scan((samples: StoreMetrics[], m) => [...samples, m].slice(-(WINDOW_S + 1)), []),
    map((samples): Budget => {
      const now = samples.at(-1)!;
      const then = samples[0]!;
      const seconds = Math.max(1, samples.length - 1);
      let busiest: Budget['busiest'];
      for (const [operation, n] of Object.entries(now.calls)) {
        const perSecond = (n - (then.calls[operation] ?? 0)) / seconds;
        if (perSecond > 0 && (!busiest || perSecond / publishedQuota(operation) > busiest.perSecond / busiest.quota)) busiest = { operation, perSecond, quota: publishedQuota(operation) };
      }
      return {
        callsPerSecond: (total(now.calls) - total(then.calls)) / seconds,
        busiest,
        reads: now.keysRequested,
        readCalls: total(now.calls, SINGLE_READS),
        throttles: now.throttles,
        retries: now.retries,
      };
    }),
  );
}

/** A widget in plain RxJS and DOM calls: no framework, the same store. */
export function mountApiBudget(el: HTMLElement, store: IvsStore): () => void {
  el.innerHTML = `
    <div title="Every call the store made, per second, over the last ${WINDOW_S} s">
      <div><span class="muted">API</span> <b class="num" data-field="rate">0</b> <span class="muted">calls/s</span></div>
      <div class="meter"><i data-field="meter" style="width:0"></i></div>
      <div class="muted" data-field="busiest">&nbsp;</div>
    </div>
    <div title="Single reads (one per card) folded into batch calls of up to 50">
      <div><span class="muted">batched</span> <b class="num" data-field="reads">0</b> <span class="muted">reads →</span> <b class="num" data-field="calls">0</b> <span class="muted">calls</span></div>
      <div class="muted"><span data-field="throttles">0</span> throttled · <span data-field="retries">0</span> retries</div>
    </div>`;
  const field = (name: string) => el.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
  const [rate, meter, busiest, reads, calls, throttles, retries] = ['rate', 'meter', 'busiest', 'reads', 'calls', 'throttles', 'retries'].map(field) as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  const sub = budget$(store).subscribe((b) => {
    rate.textContent = b.callsPerSecond.toFixed(1);
    const share = b.busiest ? b.busiest.perSecond / b.busiest.quota : 0;
    meter.style.width = `${Math.min(100, Math.round(share * 100))}%`;
    meter.parentElement!.classList.toggle('hot', share > 0.8);
    busiest.textContent = b.busiest ? `busiest: ${b.busiest.operation} ${b.busiest.perSecond.toFixed(1)} of ${b.busiest.quota}/s` : 'idle';
    reads.textContent = String(b.reads);
    calls.textContent = String(b.readCalls);
    throttles.textContent = String(b.throttles);
    throttles.parentElement!.classList.toggle('storm', b.throttles > 0);
    retries.textContent = String(b.retries);
  });
  return () => sub.unsubscribe();
}
