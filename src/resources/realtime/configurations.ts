import {
  CreateEncoderConfigurationCommand,
  CreateIngestConfigurationCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteIngestConfigurationCommand,
  DeletePublicKeyCommand,
  DeleteStorageConfigurationCommand,
  GetCompositionCommand,
  GetEncoderConfigurationCommand,
  GetIngestConfigurationCommand,
  GetPublicKeyCommand,
  GetStorageConfigurationCommand,
  ImportPublicKeyCommand,
  ListCompositionsCommand,
  ListEncoderConfigurationsCommand,
  ListIngestConfigurationsCommand,
  ListPublicKeysCommand,
  ListStorageConfigurationsCommand,
  StartCompositionCommand,
  StopCompositionCommand,
  UpdateIngestConfigurationCommand,
  type Composition,
  type CompositionSummary,
  type CreateEncoderConfigurationCommandInput,
  type CreateIngestConfigurationCommandInput,
  type CreateStorageConfigurationCommandInput,
  type EncoderConfiguration,
  type EncoderConfigurationSummary,
  type IngestConfiguration,
  type IngestConfigurationSummary,
  type IVSRealTimeClient,
  type ImportPublicKeyCommandInput,
  type PublicKey,
  type PublicKeySummary,
  type StartCompositionCommandInput,
  type StorageConfiguration,
  type StorageConfigurationSummary,
  type UpdateIngestConfigurationCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/cache.js';
import { Secret } from '../../core/secret.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../store/context.js';
import type { QueryOptions } from '../../store/entity-resource.js';
import { simpleResource, type SimpleResource } from '../../store/simple-resource.js';
import type { ConfigurationReads } from '../ivs/configurations.js';
import { arnProblem, firstProblem, nameProblem } from '../validate.js';
import { tagsProblem } from '../validate-input.js';

export interface CompositionFilter {
  filterByStageArn?: string;
  filterByEncoderConfigurationArn?: string;
}
export interface CompositionsApi {
  /** A composition; its state (STARTING → ACTIVE → STOPPED) is tracked while watched. */
  get$(arn: string, options?: QueryOptions): Observable<Entry<Composition>>;
  list$(filter?: CompositionFilter, options?: QueryOptions): Observable<Entry<CompositionSummary[]>>;
  start(input: StartCompositionCommandInput): Promise<Composition>;
  stop(arn: string): Promise<void>;
  refresh(): Promise<void>;
}
export interface EncoderConfigurationsApi extends ConfigurationReads<EncoderConfiguration, EncoderConfigurationSummary> {
  create(input?: CreateEncoderConfigurationCommandInput): Promise<EncoderConfiguration>;
  delete(arn: string): Promise<void>;
}
export interface StorageConfigurationsApi extends ConfigurationReads<StorageConfiguration, StorageConfigurationSummary> {
  create(input: CreateStorageConfigurationCommandInput): Promise<StorageConfiguration>;
  delete(arn: string): Promise<void>;
}
/** An ingest configuration as the store keeps it: its stream key is a `Secret`. */
export type StoreIngestConfiguration = Omit<IngestConfiguration, 'streamKey'> & { streamKey?: Secret | undefined };
export interface IngestConfigurationsApi {
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreIngestConfiguration>>;
  list$(filter?: { filterByStageArn?: string; filterByState?: 'ACTIVE' | 'INACTIVE' }, options?: QueryOptions): Observable<Entry<IngestConfigurationSummary[]>>;
  create(input: CreateIngestConfigurationCommandInput): Promise<StoreIngestConfiguration>;
  update(input: UpdateIngestConfigurationCommandInput): Promise<StoreIngestConfiguration>;
  /** `force` deletes one that is publishing. */
  delete(arn: string, force?: boolean): Promise<void>;
  refresh(): Promise<void>;
}
export interface PublicKeysApi extends ConfigurationReads<PublicKey, PublicKeySummary> {
  import(input: ImportPublicKeyCommandInput): Promise<PublicKey>;
  delete(arn: string): Promise<void>;
}

const reads = <T, S>(r: SimpleResource<T, S>): ConfigurationReads<T, S> => ({ get$: r.get$, list$: (options) => r.list$(undefined, options), refresh: r.refresh });
const toStoreIngest = (c: IngestConfiguration): StoreIngestConfiguration => ({ ...c, streamKey: c.streamKey === undefined ? undefined : new Secret(c.streamKey) });

function check(operation: string, input: { name?: string | undefined; tags?: Record<string, string> | undefined } | undefined): void {
  const problem = firstProblem(nameProblem(operation, 'name', input?.name), tagsProblem(operation, 'tags', input?.tags));
  if (problem) throw problem;
}

export function createRealtimeConfigurationApis(ctx: StoreContext, client: IVSRealTimeClient) {
  const o = (signal: AbortSignal) => ({ abortSignal: signal });
  const pages = async <S>(p: Promise<{ nextToken?: string | undefined } & Record<string, unknown>>, member: string) => {
    const out = await p;
    return { items: (out[member] as S[] | undefined) ?? [], nextToken: out.nextToken };
  };

  const comps = simpleResource<Composition, CompositionSummary, CompositionFilter>(ctx, {
    collection: 'compositions',
    service: 'realtime',
    arnType: 'composition',
    get: { operation: 'GetComposition', send: async (arn, s) => (await client.send(new GetCompositionCommand({ arn }), o(s))).composition },
    list: {
      operation: 'ListCompositions',
      send: (nextToken, s, f) => pages<CompositionSummary>(client.send(new ListCompositionsCommand({ ...f, nextToken, maxResults: 100 }), o(s)) as never, 'compositions'),
      idOf: (c) => c.arn ?? '',
      checkFilter: (f) =>
        firstProblem(
          f?.filterByStageArn === undefined ? undefined : arnProblem('ListCompositions', 'filterByStageArn', f.filterByStageArn, 'stage'),
          f?.filterByEncoderConfigurationArn === undefined ? undefined : arnProblem('ListCompositions', 'filterByEncoderConfigurationArn', f.filterByEncoderConfigurationArn, 'encoder-configuration'),
        ),
    },
  });
  const encoders = simpleResource<EncoderConfiguration, EncoderConfigurationSummary>(ctx, {
    collection: 'encoderConfigurations',
    service: 'realtime',
    arnType: 'encoder-configuration',
    get: { operation: 'GetEncoderConfiguration', send: async (arn, s) => (await client.send(new GetEncoderConfigurationCommand({ arn }), o(s))).encoderConfiguration },
    list: { operation: 'ListEncoderConfigurations', send: (t, s) => pages<EncoderConfigurationSummary>(client.send(new ListEncoderConfigurationsCommand({ nextToken: t, maxResults: 100 }), o(s)) as never, 'encoderConfigurations'), idOf: (c) => c.arn ?? '' },
  });
  const storages = simpleResource<StorageConfiguration, StorageConfigurationSummary>(ctx, {
    collection: 'storageConfigurations',
    service: 'realtime',
    arnType: 'storage-configuration',
    get: { operation: 'GetStorageConfiguration', send: async (arn, s) => (await client.send(new GetStorageConfigurationCommand({ arn }), o(s))).storageConfiguration },
    list: { operation: 'ListStorageConfigurations', send: (t, s) => pages<StorageConfigurationSummary>(client.send(new ListStorageConfigurationsCommand({ nextToken: t, maxResults: 100 }), o(s)) as never, 'storageConfigurations'), idOf: (c) => c.arn ?? '' },
  });
  const ingests = simpleResource<StoreIngestConfiguration, IngestConfigurationSummary, { filterByStageArn?: string; filterByState?: 'ACTIVE' | 'INACTIVE' }>(ctx, {
    collection: 'ingestConfigurations',
    service: 'realtime',
    arnType: 'ingest-configuration',
    get: {
      operation: 'GetIngestConfiguration',
      send: async (arn, s) => {
        const c = (await client.send(new GetIngestConfigurationCommand({ arn }), o(s))).ingestConfiguration;
        return c ? toStoreIngest(c) : undefined;
      },
    },
    list: {
      operation: 'ListIngestConfigurations',
      send: (t, s, f) => pages<IngestConfigurationSummary>(client.send(new ListIngestConfigurationsCommand({ ...f, nextToken: t, maxResults: 100 }), o(s)) as never, 'ingestConfigurations'),
      idOf: (c) => c.arn ?? '',
    },
  });
  const keys = simpleResource<PublicKey, PublicKeySummary>(ctx, {
    collection: 'publicKeys',
    service: 'realtime',
    arnType: 'public-key',
    get: { operation: 'GetPublicKey', send: async (arn, s) => (await client.send(new GetPublicKeyCommand({ arn }), o(s))).publicKey },
    list: { operation: 'ListPublicKeys', send: (t, s) => pages<PublicKeySummary>(client.send(new ListPublicKeysCommand({ nextToken: t, maxResults: 100 }), o(s)) as never, 'publicKeys'), idOf: (c) => c.arn ?? '' },
  });

  const compositions: CompositionsApi = {
    get$: comps.get$,
    list$: comps.list$,
    refresh: comps.refresh,
    async start(input) {
      const problem = arnProblem('StartComposition', 'stageArn', input?.stageArn, 'stage') ?? tagsProblem('StartComposition', 'tags', input?.tags);
      if (problem) throw problem;
      const out = await comps.run('StartComposition', undefined, (s) => client.send(new StartCompositionCommand(input), o(s)));
      const c = required(out.composition, 'StartComposition', 'composition');
      comps.stored(c, c.arn);
      return c;
    },
    async stop(arn) {
      await comps.run('StopComposition', arn, (s) => client.send(new StopCompositionCommand({ arn }), o(s)));
      await comps.refresh();
    },
  };
  const encoderConfigurations: EncoderConfigurationsApi = {
    ...reads(encoders),
    async create(input = {}) {
      check('CreateEncoderConfiguration', input);
      const c = required((await encoders.run('CreateEncoderConfiguration', undefined, (s) => client.send(new CreateEncoderConfigurationCommand(input), o(s)))).encoderConfiguration, 'CreateEncoderConfiguration', 'encoderConfiguration');
      encoders.stored(c, c.arn);
      return c;
    },
    async delete(arn) {
      await encoders.run('DeleteEncoderConfiguration', arn, (s) => client.send(new DeleteEncoderConfigurationCommand({ arn }), o(s)));
      encoders.deleted(arn);
    },
  };
  const storageConfigurations: StorageConfigurationsApi = {
    ...reads(storages),
    async create(input) {
      check('CreateStorageConfiguration', input);
      const c = required((await storages.run('CreateStorageConfiguration', undefined, (s) => client.send(new CreateStorageConfigurationCommand(input), o(s)))).storageConfiguration, 'CreateStorageConfiguration', 'storageConfiguration');
      storages.stored(c, c.arn);
      return c;
    },
    async delete(arn) {
      await storages.run('DeleteStorageConfiguration', arn, (s) => client.send(new DeleteStorageConfigurationCommand({ arn }), o(s)));
      storages.deleted(arn);
    },
  };
  const ingestConfigurations: IngestConfigurationsApi = {
    get$: ingests.get$,
    list$: ingests.list$,
    refresh: ingests.refresh,
    async create(input) {
      check('CreateIngestConfiguration', input);
      const c = toStoreIngest(required((await ingests.run('CreateIngestConfiguration', undefined, (s) => client.send(new CreateIngestConfigurationCommand(input), o(s)))).ingestConfiguration, 'CreateIngestConfiguration', 'ingestConfiguration'));
      ingests.stored(c, c.arn);
      return c;
    },
    async update(input) {
      const { arn, ...fields } = input ?? {};
      return ingests.update('UpdateIngestConfiguration', arn, fields, (s) => client.send(new UpdateIngestConfigurationCommand(input), o(s)), (out) => (out.ingestConfiguration ? toStoreIngest(out.ingestConfiguration) : undefined));
    },
    async delete(arn, force) {
      await ingests.run('DeleteIngestConfiguration', arn, (s) => client.send(new DeleteIngestConfigurationCommand({ arn, force }), o(s)));
      ingests.deleted(arn);
    },
  };
  const publicKeys: PublicKeysApi = {
    ...reads(keys),
    async import(input) {
      check('ImportPublicKey', input);
      const k = required((await keys.run('ImportPublicKey', undefined, (s) => client.send(new ImportPublicKeyCommand(input), o(s)))).publicKey, 'ImportPublicKey', 'publicKey');
      keys.stored(k, k.arn);
      return k;
    },
    async delete(arn) {
      await keys.run('DeletePublicKey', arn, (s) => client.send(new DeletePublicKeyCommand({ arn }), o(s)));
      keys.deleted(arn);
    },
  };
  return { compositions, encoderConfigurations, storageConfigurations, ingestConfigurations, publicKeys };
}
