import {
  CreateIngestConfigurationCommand,
  DeleteIngestConfigurationCommand,
  GetIngestConfigurationCommand,
  ListIngestConfigurationsCommand,
  UpdateIngestConfigurationCommand,
  type CreateIngestConfigurationCommandInput,
  type IngestConfiguration,
  type IngestConfigurationState,
  type IngestConfigurationSummary,
  type IngestProtocol,
  type IVSRealTimeClient,
  type ListIngestConfigurationsCommandInput,
  type UpdateIngestConfigurationCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import { type QueryOptions, inputProblem, type Checks } from '../../core/checks.js';
import type { Entry } from '../../core/entry.js';
import { required } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { PagedEntry, PagedOptions } from '../../query/list-query.js';
import type { StoreContext } from '../../query/context.js';
import { simpleResource } from '../../query/simple-resource.js';
import type { Invalidates } from '../../query/polled-query.js';
import type { SetsData } from '../../query/set-data.js';
import type { Collection } from '../collections.js';
import { arnOf, arnProblem, nameProblem } from '../validate.js';
import { arnId, boolProblem, mandatory, oneOf, str, strings, tagsProblem } from '../validate-input.js';
import { pages } from './configurations.js';

/** An ingest configuration as the store keeps it: its stream key is a `Secret`. */
export type StoreIngestConfiguration = Omit<IngestConfiguration, 'streamKey'> & {
  /** The key the encoder streams with, a `Secret`. */
  streamKey?: Secret | undefined;
};
/** `store.ingestConfigurations` (IVS RealTime): RTMP/SRT ingest into stages. */
export interface IngestConfigurationsApi
  extends Invalidates<StoreIngestConfiguration>,
    SetsData<StoreIngestConfiguration> {
  /**
   * One ingest configuration by ARN, kept fresh while watched.
   * @example store.ingestConfigurations.get$(arn).subscribe((e) => e.status === 'success' && show(e.data.state))
   */
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreIngestConfiguration>>;
  /**
   * Every ingest configuration (all pages), optionally of one stage or state.
   * @example store.ingestConfigurations.list$({ filterByStageArn: stageArn, filterByState: 'ACTIVE' }).subscribe(render)
   */
  list$(
    filter?: { filterByStageArn?: string; filterByState?: 'ACTIVE' | 'INACTIVE' },
    options?: QueryOptions,
  ): Observable<Entry<IngestConfigurationSummary[]>>;
  /**
   * ListIngestConfigurations page by page (`{ pageSize }` and the query options).
   *
   * @example
   * ```ts
   * store.ingestConfigurations.pages$({ filterByState: 'ACTIVE' }, { pageSize: 10 }).subscribe((e) => render(e.data?.items ?? []));
   * ```
   */
  pages$(
    filter?: { filterByStageArn?: string; filterByState?: 'ACTIVE' | 'INACTIVE' },
    options?: PagedOptions,
  ): Observable<PagedEntry<IngestConfigurationSummary>>;
  /**
   * Creates an ingest configuration (its stream key a `Secret`); watched lists are refreshed.
   * @example const ingest = await store.ingestConfigurations.create({ ingestProtocol: 'RTMPS', stageArn })
   */
  create(input: CreateIngestConfigurationCommandInput): Promise<StoreIngestConfiguration>;
  /**
   * Moves an ingest configuration to another stage (UpdateIngestConfiguration).
   * @example await store.ingestConfigurations.update({ arn, stageArn: otherStageArn })
   */
  update(input: UpdateIngestConfigurationCommandInput): Promise<StoreIngestConfiguration>;
  /**
   * Deletes an ingest configuration; `force` deletes one that is publishing.
   * @example await store.ingestConfigurations.delete(arn, true)
   */
  delete(arn: string, force?: boolean): Promise<void>;
  /**
   * Re-reads every watched ingest configuration and list now.
   * @example await store.ingestConfigurations.refresh()
   */
  refresh(): Promise<void>;
}

const toStoreIngest = (c: IngestConfiguration): StoreIngestConfiguration => ({
  ...c,
  streamKey: c.streamKey === undefined ? undefined : new Secret(c.streamKey),
});

type Paging = 'nextToken' | 'maxResults';
/** Each operation's members and their checks (the SDK's input members, no more, no fewer). */
const INGEST_STATE = oneOf<IngestConfigurationState>()('ACTIVE', 'INACTIVE');
const INGESTS = { filterByStageArn: arnOf('stage', true), filterByState: INGEST_STATE } satisfies Checks<
  Omit<ListIngestConfigurationsCommandInput, Paging>
>;
const CREATE_INGEST = {
  name: nameProblem,
  stageArn: arnOf('stage', true, true),
  userId: str(0, 128),
  attributes: strings,
  ingestProtocol: mandatory(oneOf<IngestProtocol>()('RTMP', 'RTMPS')),
  insecureIngest: boolProblem,
  redundantIngest: boolProblem,
  tags: tagsProblem,
} satisfies Checks<CreateIngestConfigurationCommandInput>;
const UPDATE_INGEST = {
  arn: arnOf('ingest-configuration'),
  stageArn: arnOf('stage', true, true),
  redundantIngest: boolProblem,
} satisfies Checks<UpdateIngestConfigurationCommandInput>;

export function createIngestConfigurationsApi(ctx: StoreContext, client: IVSRealTimeClient): IngestConfigurationsApi {
  const o = (signal: AbortSignal) => ({ abortSignal: signal });
  const ingests = simpleResource<
    StoreIngestConfiguration,
    IngestConfigurationSummary,
    { filterByStageArn?: string; filterByState?: 'ACTIVE' | 'INACTIVE' }
  >(ctx, {
    collection: 'ingestConfigurations' satisfies Collection,
    service: 'realtime',
    checkId: arnId('ingest-configuration'),
    get: {
      operation: 'GetIngestConfiguration',
      send: async (arn, s) => {
        const c = (await client.send(new GetIngestConfigurationCommand({ arn }), o(s))).ingestConfiguration;
        return c ? toStoreIngest(c) : undefined;
      },
    },
    list: {
      operation: 'ListIngestConfigurations',
      send: (t, s, f, size) =>
        pages<IngestConfigurationSummary>(
          client.send(new ListIngestConfigurationsCommand({ ...f, nextToken: t, maxResults: size }), o(s)) as never,
          'ingestConfigurations',
        ),
      idOf: (c) => c.arn ?? '',
      // Both filters at once is left to the service (a ValidationException): the size budget.
      checkFilter: (f) => inputProblem('ListIngestConfigurations', f, INGESTS, 'filter', true),
    },
  });
  return {
    get$: ingests.get$,
    list$: ingests.list$,
    pages$: ingests.pages$,
    refresh: ingests.refresh,
    invalidate: ingests.invalidate,
    setData: ingests.setData,
    async create(input) {
      const problem = inputProblem('CreateIngestConfiguration', input, CREATE_INGEST);
      if (problem) throw problem;
      const c = toStoreIngest(
        required(
          (
            await ingests.send('CreateIngestConfiguration', undefined, (s) =>
              client.send(new CreateIngestConfigurationCommand(input), o(s)),
            )
          ).ingestConfiguration,
          'CreateIngestConfiguration',
          'ingestConfiguration',
        ),
      );
      ingests.stored(c.arn, c);
      return c;
    },
    async update(input) {
      const problem = inputProblem('UpdateIngestConfiguration', input, UPDATE_INGEST);
      if (problem) throw problem;
      const { arn, ...fields } = input;
      return ingests.update(
        'UpdateIngestConfiguration',
        arn,
        fields,
        (s) => client.send(new UpdateIngestConfigurationCommand(input), o(s)),
        (out) => (out.ingestConfiguration ? toStoreIngest(out.ingestConfiguration) : undefined),
      );
    },
    async delete(arn, force) {
      const problem =
        arnProblem('DeleteIngestConfiguration', 'arn', arn, 'ingest-configuration') ??
        boolProblem('DeleteIngestConfiguration', 'force', force);
      if (problem) throw problem;
      await ingests.send('DeleteIngestConfiguration', arn, (s) =>
        client.send(new DeleteIngestConfigurationCommand({ arn, force }), o(s)),
      );
      ingests.deleted(arn);
    },
  };
}
