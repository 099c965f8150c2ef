/**
 * `ivs-store/angular`: an injection token, a provider, and signal helpers built on
 * `toSignal` (call them in an injection context: a constructor, a field initializer, or
 * `runInInjectionContext`). The Observables stay usable with the `async` pipe.
 */
import { DestroyRef, InjectionToken, inject, makeEnvironmentProviders, type EnvironmentProviders, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';
import type { ChannelFilter, Entry, IvsStore, QueryOptions, StreamHealth } from '../index.js';

export const IVS_STORE = new InjectionToken<IvsStore>('ivs-store');

/** Provides a store; one made by a factory is disposed with its injector. */
export function provideIvsStore(store: IvsStore | (() => IvsStore)): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: IVS_STORE,
      useFactory: () => {
        if (typeof store !== 'function') return store;
        const made = store();
        inject(DestroyRef).onDestroy(() => made.dispose());
        return made;
      },
    },
  ]);
}

export function injectIvsStore(): IvsStore {
  return inject(IVS_STORE);
}

const LOADING: Entry<never> = Object.freeze({ status: 'loading', data: undefined, error: undefined, updatedAt: undefined, fetching: false });

/** An `Entry` Observable as a signal, unsubscribed when the injection context is destroyed. */
export function entrySignal<T>(obs: Observable<Entry<T>>): Signal<Entry<T>> {
  return toSignal(obs, { initialValue: LOADING as Entry<T> });
}

export const injectChannel = (arn: string, options?: QueryOptions) => entrySignal(injectIvsStore().channels.get$(arn, options));
export const injectChannels = (filter?: ChannelFilter, options?: QueryOptions) => entrySignal(injectIvsStore().channels.list$(filter, options));
export const injectStreamHealth = (channelArn: string, options?: QueryOptions): Signal<StreamHealth | undefined> =>
  toSignal(injectIvsStore().streams.health$(channelArn, options), { initialValue: undefined });
export const injectStage = (arn: string, options?: QueryOptions) => entrySignal(injectIvsStore().stages.get$(arn, options));
export const injectParticipants = (stageArn: string, options?: QueryOptions) => entrySignal(injectIvsStore().participants.list$(stageArn, options));
