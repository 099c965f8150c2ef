import {
  CreateEncoderConfigurationCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeletePublicKeyCommand,
  DeleteStorageConfigurationCommand,
  GetEncoderConfigurationCommand,
  GetPublicKeyCommand,
  GetStorageConfigurationCommand,
  ImportPublicKeyCommand,
  ListEncoderConfigurationsCommand,
  ListPublicKeysCommand,
  ListStorageConfigurationsCommand,
  type CreateEncoderConfigurationCommandInput,
  type CreateStorageConfigurationCommandInput,
  type EncoderConfiguration,
  type EncoderConfigurationSummary,
  type IVSRealTimeClient,
  type ImportPublicKeyCommandInput,
  type PublicKey,
  type PublicKeySummary,
  type StorageConfiguration,
  type StorageConfigurationSummary,
} from '@aws-sdk/client-ivs-realtime';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { inputProblem, type Checks } from '../../core/checks.js';
import { configurationReads as reads, simpleResource, type ConfigurationReads } from '../../query/simple-resource.js';
import type { Collection } from '../collections.js';
import { arnProblem, nameProblem } from '../validate.js';
import { arnId, mandatory, obj, str, tagsProblem } from '../validate-input.js';

/** `store.encoderConfigurations` (IVS RealTime): video settings of compositions. */
export interface EncoderConfigurationsApi
  extends ConfigurationReads<EncoderConfiguration, EncoderConfigurationSummary> {
  /**
   * Creates an encoder configuration; watched lists are refreshed.
   * @example await store.encoderConfigurations.create({ name: '720p', video: { width: 1280, height: 720 } })
   */
  create(input?: CreateEncoderConfigurationCommandInput): Promise<EncoderConfiguration>;
  /**
   * Deletes an encoder configuration: its entry becomes `not-found`.
   * @example await store.encoderConfigurations.delete(arn)
   */
  delete(arn: string): Promise<void>;
}
/** `store.storageConfigurations` (IVS RealTime): S3 destinations of compositions. */
export interface StorageConfigurationsApi
  extends ConfigurationReads<StorageConfiguration, StorageConfigurationSummary> {
  /**
   * Creates a storage configuration for an S3 bucket; watched lists are refreshed.
   * @example await store.storageConfigurations.create({ name: 'archive', s3: { bucketName: 'my-bucket' } })
   */
  create(input: CreateStorageConfigurationCommandInput): Promise<StorageConfiguration>;
  /**
   * Deletes a storage configuration: its entry becomes `not-found`.
   * @example await store.storageConfigurations.delete(arn)
   */
  delete(arn: string): Promise<void>;
}
/** `store.publicKeys` (IVS RealTime): keys that verify participant tokens you sign yourself. */
export interface PublicKeysApi extends ConfigurationReads<PublicKey, PublicKeySummary> {
  /**
   * Imports a public key (PEM); watched lists are refreshed.
   * @example await store.publicKeys.import({ publicKeyMaterial: pem, name: 'signer-1' })
   */
  import(input: ImportPublicKeyCommandInput): Promise<PublicKey>;
  /**
   * Deletes a public key: its entry becomes `not-found`.
   * @example await store.publicKeys.delete(arn)
   */
  delete(arn: string): Promise<void>;
}

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
const PUBLIC_KEY = {
  publicKeyMaterial: mandatory(str(1)),
  name: nameProblem,
  tags: tagsProblem,
} satisfies Checks<ImportPublicKeyCommandInput>;

/** A list call's page: its items (under the member the operation names them) and the token of the next. */
export const pages = async <S>(
  p: Promise<{ nextToken?: string | undefined } & Record<string, unknown>>,
  member: string,
) => {
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
      send: (t, s, _f, size) =>
        pages<EncoderConfigurationSummary>(
          client.send(new ListEncoderConfigurationsCommand({ nextToken: t, maxResults: size }), o(s)) as never,
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
      send: (t, s, _f, size) =>
        pages<StorageConfigurationSummary>(
          client.send(new ListStorageConfigurationsCommand({ nextToken: t, maxResults: size }), o(s)) as never,
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
      send: (t, s, _f, size) =>
        pages<PublicKeySummary>(
          client.send(new ListPublicKeysCommand({ nextToken: t, maxResults: size }), o(s)) as never,
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
