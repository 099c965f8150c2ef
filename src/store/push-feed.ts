import { of, type Observable } from 'rxjs';
import type { MetricsRecorder } from '../core/metrics.js';
import { clientSetting } from '../query/client-setting.js';
import { EventFeedReader } from '../query/push/feed.js';
import type { CheckedEvents } from './events.js';

export interface PushInit {
  options: CheckedEvents;
  ivs: unknown;
  metrics: MetricsRecorder;
  /** Whether this store reads for itself, as it changes (a follower tab does not). */
  reads$?: Observable<boolean>;
}

/**
 * The store's event feed, a chunk of its own (stores without `events` never load it): the
 * feed reader on the IVS client's region and clock offset. Resources hand it their rules.
 */
export function startFeed(init: PushInit): EventFeedReader {
  const config = (init.ivs as { config?: { systemClockOffset?: unknown } }).config;
  let region: string | undefined;
  void clientSetting(init.ivs, 'region').then((r) => (region = typeof r === 'string' ? r : undefined));
  return new EventFeedReader({
    ...init.options,
    region: () => region,
    clockOffset: () => {
      const offset = config?.systemClockOffset;
      // The SDK learns it from responses' Date header, to the second: under a second it is that rounding, not skew.
      return typeof offset === 'number' && Math.abs(offset) >= 1000 ? offset : 0;
    },
    reads$: init.reads$ ?? of(true),
    metrics: init.metrics,
  });
}
