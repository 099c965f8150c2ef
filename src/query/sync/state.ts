import { BehaviorSubject } from 'rxjs';
import type { StoreMetrics } from '../../core/metrics.js';

/**
 * `pending` until the election answers (nothing is read meanwhile), then for good until dispose or a handover.
 * @inline
 */
export type Role = 'pending' | 'leader' | 'follower';

/**
 * What a member shows of its group. The store makes it before the group's code arrives (a
 * chunk), and the group writes into it: one copy of each, read by the store as it changes.
 */
export class GroupState {
  readonly role$ = new BehaviorSubject<Role>('pending');
  /** Whether another member's page is visible (known to the leader only). */
  readonly othersVisible$ = new BehaviorSubject(false);
  /** Members, this one included (1 until the leader says more). */
  readonly members$ = new BehaviorSubject(1);
  /** The leader's metrics (the group's calls and budget), while following. */
  readonly leaderMetrics$ = new BehaviorSubject<StoreMetrics | undefined>(undefined);
}
