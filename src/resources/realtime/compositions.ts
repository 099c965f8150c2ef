import {
  GetCompositionCommand,
  ListCompositionsCommand,
  StartCompositionCommand,
  StopCompositionCommand,
  type Composition,
  type CompositionSummary,
  type IVSRealTimeClient,
  type ListCompositionsCommandInput,
  type StartCompositionCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { type QueryOptions, inputProblem, type Checks } from '../../core/checks.js';
import { required } from '../../core/errors.js';
import type { PagedEntry, PagedOptions } from '../../query/list-query.js';
import type { StoreContext } from '../../query/context.js';
import type { Invalidates } from '../../query/polled-query.js';
import type { SetsData } from '../../query/set-data.js';
import { simpleResource } from '../../query/simple-resource.js';
import type { Collection } from '../collections.js';
import { arnOf, arnProblem } from '../validate.js';
import { arnId, list, mandatory, obj, str, tagsProblem } from '../validate-input.js';

/** What `compositions.list$` filters by (ListCompositions' filters). */
export interface CompositionFilter {
  /** Only compositions of this stage. */
  filterByStageArn?: string;
  /** Only compositions using this encoder configuration. */
  filterByEncoderConfigurationArn?: string;
}
/** `store.compositions` (IVS RealTime): server-side compositions of stages. */
export interface CompositionsApi extends Invalidates<Composition>, SetsData<Composition> {
  /**
   * A composition; its state (STARTING → ACTIVE → STOPPED) is tracked while watched.
   * @example store.compositions.get$(arn).subscribe((e) => e.status === 'success' && show(e.data.state))
   */
  get$(arn: string, options?: QueryOptions): Observable<Entry<Composition>>;
  /**
   * Every composition (all pages of ListCompositions), optionally filtered, kept fresh while subscribed.
   * @example store.compositions.list$({ filterByStageArn: stageArn }).subscribe(render)
   */
  list$(filter?: CompositionFilter, options?: QueryOptions): Observable<Entry<CompositionSummary[]>>;
  /**
   * ListCompositions page by page (`{ pageSize }` and the query options), on the entries `get$` shows.
   *
   * @example
   * ```ts
   * store.compositions.pages$({ filterByStageArn: stageArn }, { pageSize: 10 }).subscribe((e) => render(e.data?.items ?? []));
   * ```
   */
  pages$(filter?: CompositionFilter, options?: PagedOptions): Observable<PagedEntry<CompositionSummary>>;
  /**
   * Starts composing a stage to its destinations; watched lists are refreshed.
   * @example const composition = await store.compositions.start({ stageArn, destinations: [{ s3: s3Destination }] })
   */
  start(input: StartCompositionCommandInput): Promise<Composition>;
  /**
   * Stops a composition, then re-reads the watched compositions and lists.
   * @example await store.compositions.stop(compositionArn)
   */
  stop(arn: string): Promise<void>;
  /**
   * Re-reads every watched composition and list now.
   * @example await store.compositions.refresh()
   */
  refresh(): Promise<void>;
}

/** Each operation's members and their checks (the SDK's input members, no more, no fewer). */
const COMPOSITIONS = {
  filterByStageArn: arnOf('stage', true),
  filterByEncoderConfigurationArn: arnOf('encoder-configuration', true),
} satisfies Checks<Omit<ListCompositionsCommandInput, 'nextToken' | 'maxResults'>>;
const START = {
  stageArn: arnOf('stage'),
  idempotencyToken: str(1, 64),
  layout: obj,
  destinations: mandatory(list(1, 2, obj)),
  tags: tagsProblem,
} satisfies Checks<StartCompositionCommandInput>;

/** Compositions: a stage mixed into one stream or recording, started and stopped on demand. */
export function createCompositionsApi(ctx: StoreContext, client: IVSRealTimeClient): CompositionsApi {
  const o = (signal: AbortSignal) => ({ abortSignal: signal });
  const comps = simpleResource<Composition, CompositionSummary, CompositionFilter>(ctx, {
    collection: 'compositions' satisfies Collection,
    service: 'realtime',
    checkId: arnId('composition'),
    get: {
      operation: 'GetComposition',
      send: async (arn, s) => (await client.send(new GetCompositionCommand({ arn }), o(s))).composition,
    },
    list: {
      operation: 'ListCompositions',
      send: async (nextToken, s, f, size) => {
        const out = await client.send(new ListCompositionsCommand({ ...f, nextToken, maxResults: size }), o(s));
        return { items: out.compositions ?? [], nextToken: out.nextToken };
      },
      idOf: (c) => c.arn ?? '',
      checkFilter: (f) => inputProblem('ListCompositions', f, COMPOSITIONS, 'filter', true),
    },
  });

  ctx.push?.rules(async () => (await import('./stage-rules.js')).compositionRules(comps.entities, comps.lists));
  return {
    get$: comps.get$,
    list$: comps.list$,
    pages$: comps.pages$,
    refresh: comps.refresh,
    invalidate: comps.invalidate,
    setData: comps.setData,
    async start(input) {
      const problem = inputProblem('StartComposition', input, START);
      if (problem) throw problem;
      const out = await comps.send('StartComposition', undefined, (s) =>
        client.send(new StartCompositionCommand(input), o(s)),
      );
      const c = required(out.composition, 'StartComposition', 'composition');
      comps.stored(c.arn, c);
      return c;
    },
    async stop(arn) {
      const problem = arnProblem('StopComposition', 'arn', arn, 'composition');
      if (problem) throw problem;
      await comps.send('StopComposition', arn, (s) => client.send(new StopCompositionCommand({ arn }), o(s)));
      await comps.refresh();
    },
  };
}
