// @vitest-environment happy-dom
// platform-browser's injectables are compiled at run time (JIT), as in a test of an app.
import '@angular/compiler';
import {
  createEnvironmentInjector,
  provideZonelessChangeDetection,
  runInInjectionContext,
  signal,
} from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import fc from 'fast-check';
import { Observable, type Subscriber } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createApp, effectScope, nextTick, ref } from 'vue';
import type { Entry, IvsStore } from '../../src/index.js';
import * as ng from '../../src/angular/index.js';
import * as vue from '../../src/vue/index.js';
import { fakeStore } from './setup.js';

/** A store whose `channels.get$` hands out one Observable per ARN (as the real one does) and counts subscribers. */
function countingStore() {
  const subscribers = new Map<string, Set<Subscriber<Entry<{ name: string }>>>>();
  const observables = new Map<string, Observable<Entry<{ name: string }>>>();
  const get$ = (arn: string) => {
    let obs = observables.get(arn);
    if (!obs) {
      obs = new Observable((s) => {
        const set = subscribers.get(arn) ?? new Set();
        subscribers.set(arn, set);
        set.add(s);
        return () => set.delete(s);
      });
      observables.set(arn, obs);
    }
    return obs;
  };
  const emit = (arn: string, name: string) => {
    for (const s of subscribers.get(arn) ?? [])
      s.next({ status: 'success', data: { name }, error: undefined, updatedAt: 1, fetching: false });
  };
  const active = () => [...subscribers].filter(([, s]) => s.size > 0).map(([arn, s]) => `${arn}×${s.size}`);
  return { store: fakeStore({ channels: { get$ } }) as IvsStore, emit, active };
}

type Op = { kind: 'arn'; arn: string | undefined } | { kind: 'enabled'; on: boolean } | { kind: 'emit'; arn: string };
const ARNS = ['a', 'b', 'c'];
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('arn' as const), arn: fc.constantFrom(...ARNS, undefined) }),
  fc.record({ kind: fc.constant('enabled' as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant('emit' as const), arn: fc.constantFrom(...ARNS) }),
);

/**
 * After any sequence of ARN changes (skipToken included), enabled flips and emissions for
 * any ARN: exactly one subscription, to the current ARN, when it is set and enabled (none
 * otherwise), and the value shown is the current ARN's latest emission since it was
 * subscribed, or loading: never another ARN's.
 */
function check(
  mount: (
    store: IvsStore,
    arn: () => string | undefined,
    on: () => boolean,
  ) => {
    set(arn: string | undefined, on: boolean): void;
    flush(): Promise<void>;
    value(): Entry<string | undefined>;
    stop(): void;
  },
  /** Whether a changed id shows loading at once, before any flush (Angular's computed does; Vue's pre-flush watcher runs before any render). */
  atOnce = false,
) {
  return fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
    const { store, emit, active } = countingStore();
    let arn: string | undefined = 'a';
    let on = true;
    const h = mount(
      store,
      () => arn,
      () => on,
    );
    await h.flush();
    /** What the current ARN last emitted since its subscription started (undefined: nothing yet). */
    let expected: string | undefined;
    for (const o of ops) {
      if (o.kind === 'arn' || o.kind === 'enabled') {
        const before = on && arn;
        if (o.kind === 'arn') arn = o.arn;
        else on = o.on;
        h.set(arn, on);
        if ((on && arn) !== before) {
          expected = undefined;
          if (atOnce) expect(h.value()).toMatchObject({ status: 'loading', fetching: false });
        }
        await h.flush();
      } else {
        emit(o.arn, `${o.arn}${ops.indexOf(o)}`);
        if (on && arn === o.arn) expected = `${o.arn}${ops.indexOf(o)}`;
      }
      expect(active()).toEqual(on && arn ? [`${arn}×1`] : []);
      const v = h.value();
      if (expected === undefined) expect(v).toMatchObject({ status: 'loading', fetching: false });
      else expect(v).toMatchObject({ status: 'success', data: expected });
    }
    h.stop();
    expect(active()).toEqual([]);
  });
}

describe('switching ids under any interleaving (fast-check)', () => {
  it('vue: useChannel(getter, { enabled: ref, select })', async () => {
    await fc.assert(
      check((store, arn0, on0) => {
        const arn = ref(arn0());
        const on = ref(on0());
        const app = createApp({});
        app.provide(vue.IVS_STORE_KEY, store);
        const scope = effectScope();
        const entry = scope.run(() =>
          app.runWithContext(() =>
            vue.useChannel(() => arn.value ?? vue.skipToken, { enabled: on, select: (c) => c.name }),
          ),
        )!;
        return {
          set: (a, o) => {
            arn.value = a;
            on.value = o;
          },
          flush: () => nextTick(),
          value: () => entry.value,
          stop: () => scope.stop(),
        };
      }),
      { numRuns: 60 },
    );
  });

  it('angular: injectChannel(() => arn(), () => ({ enabled: on(), select })) in a zoneless application', async () => {
    const app = await createApplication({ providers: [provideZonelessChangeDetection()] });
    try {
      await fc.assert(
        check((store, arn0, on0) => {
          const arn = signal(arn0());
          const on = signal(on0());
          const context = createEnvironmentInjector([ng.provideIvsStore(store)], app.injector);
          const entry = runInInjectionContext(context, () =>
            ng.injectChannel(
              () => arn() ?? ng.skipToken,
              () => ({ enabled: on(), select: (c: { name?: string }) => c.name }),
            ),
          );
          return {
            set: (a, o) => {
              arn.set(a);
              on.set(o);
            },
            flush: async () => app.tick(), // runs the root effects at once
            value: () => entry(),
            stop: () => context.destroy(),
          };
        }, true),
        { numRuns: 60 },
      );
    } finally {
      app.destroy();
    }
  });
});
