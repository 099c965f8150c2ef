import {
  CreateEncoderConfigurationCommand,
  CreateIngestConfigurationCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteIngestConfigurationCommand,
  DeletePublicKeyCommand,
  DeleteStorageConfigurationCommand,
  GetEncoderConfigurationCommand,
  GetIngestConfigurationCommand,
  GetPublicKeyCommand,
  GetStorageConfigurationCommand,
  ImportPublicKeyCommand,
  ListEncoderConfigurationsCommand,
  ListIngestConfigurationsCommand,
  ListPublicKeysCommand,
  ListStorageConfigurationsCommand,
  UpdateIngestConfigurationCommand,
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
  type StorageConfiguration,
  type StorageConfigurationSummary,
  type UpdateIngestConfigurationCommandInput,
  type IngestConfigurationState,
  type IngestProtocol,
  type ListIngestConfigurationsCommandInput,
} from '@aws-sdk/client-ivs-realtime';
import type { Observable } from 'rxjs';
import type { Entry } from '../../core/entry.js';
import { Secret } from '../../core/secret.js';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import type { QueryOptions } from '../../core/checks.js';
import { configurationReads as reads, simpleResource, type ConfigurationReads } from '../../query/simple-resource.js';
import type { Collection } from '../collections.js';
import { arnOf, arnProblem, inputProblem, nameProblem, type Checks } from '../validate.js';
import { arnId, boolProblem, mandatory, obj, oneOf, str, strings, tagsProblem } from '../validate-input.js';

export interface EncoderConfigurationsApi
  extends ConfigurationReads<EncoderConfiguration, EncoderConfigurationSummary> {
  create(input?: CreateEncoderConfigurationCommandInput): Promise<EncoderConfiguration>;
  delete(arn: string): Promise<void>;
}
export interface StorageConfigurationsApi
  extends ConfigurationReads<StorageConfiguration, StorageConfigurationSummary> {
  create(input: CreateStorageConfigurationCommandInput): Promise<StorageConfiguration>;
  delete(arn: string): Promise<void>;
}
/** An ingest configuration as the store keeps it: its stream key is a `Secret`. */
export type StoreIngestConfiguration = Omit<IngestConfiguration, 'streamKey'> & { streamKey?: Secret | undefined };
export interface IngestConfigurationsApi {
  get$(arn: string, options?: QueryOptions): Observable<Entry<StoreIngestConfiguration>>;
  list$(
    filter?: { filterByStageArn?: string; filterByState?: 'ACTIVE' | 'INACTIVE' },
    options?: QueryOptions,
  ): Observable<Entry<IngestConfigurationSummary[]>>;
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

const toStoreIngest = (c: IngestConfiguration): StoreIngestConfiguration => ({
  ...c,
  streamKey: c.streamKey === undefined ? undefined : new Secret(c.streamKey),
});

type Paging = 'nextToken' | 'maxResults';
/** Each operation's members and their checks (the SDK's input members, no more, no fewer). */
const ENCODER = {
  name: nameProblem,
  video: obj,
  tags: tagsProblem,
} satisfies Checks<CreateEncoderConfigurationCommandInput>;
const STORAGE = {
  name: nameProblem,
  s3: mandatory(obj),
  tags: tagsProblem,
} satisfies Checks<CreateStorageConfigurationCommandInput>;
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
const PUBLIC_KEY = {
  publicKeyMaterial: mandatory(str(1)),
  name: nameProblem,
  tags: tagsProblem,
} satisfies Checks<ImportPublicKeyCommandInput>;

/** A list call's page: its items (under the member the operation names them) and the token of the next. */
const pages = async <S>(p: Promise<{ nextToken?: string | undefined } & Record<string, unknown>>, member: string) => {
  const out = await p;
  return { items: (out[member] as S[] | undefined) ?? [], nextToken: out.nextToken };
};

export function createEncoderConfigurationsApi(ctx: StoreContext, client: IVSRealTimeClient): EncoderConfigurationsApi {
  const o = (signal: AbortSignal) => ({ abortSignal: signal });
  const encoders = simpleResource<EncoderConfiguration, EncoderConfigurationSummary>(ctx, {
    collection: 'encoderConfigurations' satisfies Collection,
    service: 'realtime',
    checkId: arnId('encoder-configuration'),
    get: {
      operation: 'GetEncoderConfiguration',
      send: async (arn, s) =>
        (await client.send(new GetEncoderConfigurationCommand({ arn }), o(s))).encoderConfiguration,
    },
    list: {
      operation: 'ListEncoderConfigurations',
      send: (t, s) =>
        pages<EncoderConfigurationSummary>(
          client.send(new ListEncoderConfigurationsCommand({ nextToken: t, maxResults: 100 }), o(s)) as never,
          'encoderConfigurations',
        ),
      idOf: (c) => c.arn ?? '',
    },
  });
  return {
    ...reads(encoders),
    async create(input = {}) {
      const problem = inputProblem('CreateEncoderConfiguration', input, ENCODER);
      if (problem) throw problem;
      const c = required(
        (
          await encoders.send('CreateEncoderConfiguration', undefined, (s) =>
            client.send(new CreateEncoderConfigurationCommand(input), o(s)),
          )
        ).encoderConfiguration,
        'CreateEncoderConfiguration',
        'encoderConfiguration',
      );
      encoders.stored(c.arn, c);
      return c;
    },
    async delete(arn) {
      const problem = arnProblem('DeleteEncoderConfiguration', 'arn', arn, 'encoder-configuration');
      if (problem) throw problem;
      await encoders.send('DeleteEncoderConfiguration', arn, (s) =>
        client.send(new DeleteEncoderConfigurationCommand({ arn }), o(s)),
      );
      encoders.deleted(arn);
    },
  };
}

export function createStorageConfigurationsApi(ctx: StoreContext, client: IVSRealTimeClient): StorageConfigurationsApi {
  const o = (signal: AbortSignal) => ({ abortSignal: signal });
  const storages = simpleResource<StorageConfiguration, StorageConfigurationSummary>(ctx, {
    collection: 'storageConfigurations' satisfies Collection,
    service: 'realtime',
    checkId: arnId('storage-configuration'),
    get: {
      operation: 'GetStorageConfiguration',
      send: async (arn, s) =>
        (await client.send(new GetStorageConfigurationCommand({ arn }), o(s))).storageConfiguration,
    },
    list: {
      operation: 'ListStorageConfigurations',
      send: (t, s) =>
        pages<StorageConfigurationSummary>(
          client.send(new ListStorageConfigurationsCommand({ nextToken: t, maxResults: 100 }), o(s)) as never,
          'storageConfigurations',
        ),
      idOf: (c) => c.arn ?? '',
    },
  });
  return {
    ...reads(storages),
    async create(input) {
      const problem = inputProblem('CreateStorageConfiguration', input, STORAGE);
      if (problem) throw problem;
      const c = required(
        (
          await storages.send('CreateStorageConfiguration', undefined, (s) =>
            client.send(new CreateStorageConfigurationCommand(input), o(s)),
          )
        ).storageConfiguration,
        'CreateStorageConfiguration',
        'storageConfiguration',
      );
      storages.stored(c.arn, c);
      return c;
    },
    async delete(arn) {
      const problem = arnProblem('DeleteStorageConfiguration', 'arn', arn, 'storage-configuration');
      if (problem) throw problem;
      await storages.send('DeleteStorageConfiguration', arn, (s) =>
        client.send(new DeleteStorageConfigurationCommand({ arn }), o(s)),
      );
      storages.deleted(arn);
    },
  };
}

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
      send: (t, s, f) =>
        pages<IngestConfigurationSummary>(
          client.send(new ListIngestConfigurationsCommand({ ...f, nextToken: t, maxResults: 100 }), o(s)) as never,
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
    refresh: ingests.refresh,
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

export function createPublicKeysApi(ctx: StoreContext, client: IVSRealTimeClient): PublicKeysApi {
  const o = (signal: AbortSignal) => ({ abortSignal: signal });
  const keys = simpleResource<PublicKey, PublicKeySummary>(ctx, {
    collection: 'publicKeys' satisfies Collection,
    service: 'realtime',
    checkId: arnId('public-key'),
    get: {
      operation: 'GetPublicKey',
      send: async (arn, s) => (await client.send(new GetPublicKeyCommand({ arn }), o(s))).publicKey,
    },
    list: {
      operation: 'ListPublicKeys',
      send: (t, s) =>
        pages<PublicKeySummary>(
          client.send(new ListPublicKeysCommand({ nextToken: t, maxResults: 100 }), o(s)) as never,
          'publicKeys',
        ),
      idOf: (c) => c.arn ?? '',
    },
  });
  return {
    ...reads(keys),
    async import(input) {
      const problem = inputProblem('ImportPublicKey', input, PUBLIC_KEY);
      if (problem) throw problem;
      const k = required(
        (await keys.send('ImportPublicKey', undefined, (s) => client.send(new ImportPublicKeyCommand(input), o(s))))
          .publicKey,
        'ImportPublicKey',
        'publicKey',
      );
      keys.stored(k.arn, k);
      return k;
    },
    async delete(arn) {
      const problem = arnProblem('DeletePublicKey', 'arn', arn, 'public-key');
      if (problem) throw problem;
      await keys.send('DeletePublicKey', arn, (s) => client.send(new DeletePublicKeyCommand({ arn }), o(s)));
      keys.deleted(arn);
    },
  };
}
