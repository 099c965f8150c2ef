import {
  CreateAdConfigurationCommand,
  CreatePlaybackRestrictionPolicyCommand,
  CreateRecordingConfigurationCommand,
  DeleteAdConfigurationCommand,
  DeletePlaybackKeyPairCommand,
  DeletePlaybackRestrictionPolicyCommand,
  DeleteRecordingConfigurationCommand,
  GetAdConfigurationCommand,
  GetPlaybackKeyPairCommand,
  GetPlaybackRestrictionPolicyCommand,
  GetRecordingConfigurationCommand,
  ImportPlaybackKeyPairCommand,
  ListAdConfigurationsCommand,
  ListPlaybackKeyPairsCommand,
  ListPlaybackRestrictionPoliciesCommand,
  ListRecordingConfigurationsCommand,
  UpdateAdConfigurationCommand,
  UpdatePlaybackRestrictionPolicyCommand,
  type AdConfiguration,
  type AdConfigurationSummary,
  type CreateAdConfigurationCommandInput,
  type CreatePlaybackRestrictionPolicyCommandInput,
  type CreateRecordingConfigurationCommandInput,
  type ImportPlaybackKeyPairCommandInput,
  type IvsClient,
  type PlaybackKeyPair,
  type PlaybackKeyPairSummary,
  type PlaybackRestrictionPolicy,
  type PlaybackRestrictionPolicySummary,
  type RecordingConfiguration,
  type RecordingConfigurationSummary,
  type UpdateAdConfigurationCommandInput,
  type UpdatePlaybackRestrictionPolicyCommandInput,
} from '@aws-sdk/client-ivs';
import { required } from '../../core/errors.js';
import type { StoreContext } from '../../query/context.js';
import { configurationReads as reads, simpleResource } from '../../query/simple-resource.js';
import type { Collection } from '../collections.js';
import { arnOf, arnProblem, nameProblem } from '../validate.js';
import { inputProblem, type Checks } from '../../core/checks.js';
import { arnId, boolProblem, int, list, obj, mandatory, str, tagsProblem } from '../validate-input.js';
import type {
  AdConfigurationsApi,
  PlaybackKeyPairsApi,
  PlaybackRestrictionPoliciesApi,
  RecordingConfigurationsApi,
} from './configuration-apis.js';

export type {
  AdConfigurationsApi,
  PlaybackKeyPairsApi,
  PlaybackRestrictionPoliciesApi,
  RecordingConfigurationsApi,
} from './configuration-apis.js';

/** Each operation's members and their checks (the SDK's input members, no more, no fewer). */
const RECORDING = {
  name: nameProblem,
  destinationConfiguration: mandatory(obj),
  thumbnailConfiguration: obj,
  recordingReconnectWindowSeconds: int(0, 300),
  renditionConfiguration: obj,
  tags: tagsProblem,
} satisfies Checks<CreateRecordingConfigurationCommandInput>;
const KEY_PAIR = {
  publicKeyMaterial: mandatory(str(1)),
  name: nameProblem,
  tags: tagsProblem,
} satisfies Checks<ImportPlaybackKeyPairCommandInput>;
const POLICY = {
  name: nameProblem,
  allowedCountries: list(0, 250, str(1, 2)),
  allowedOrigins: list(0, 50, str(1, 128)),
  enableStrictOriginEnforcement: boolProblem,
} satisfies Checks<Omit<CreatePlaybackRestrictionPolicyCommandInput, 'tags'>>;
const CREATE_POLICY = { ...POLICY, tags: tagsProblem } satisfies Checks<CreatePlaybackRestrictionPolicyCommandInput>;
const UPDATE_POLICY = {
  arn: arnOf('playback-restriction-policy'),
  ...POLICY,
} satisfies Checks<UpdatePlaybackRestrictionPolicyCommandInput>;
const AD = {
  name: nameProblem,
  mediaTailorPlaybackConfigurations: list(1, 1, obj),
  postRollConfiguration: obj,
} satisfies Checks<Omit<CreateAdConfigurationCommandInput, 'tags'>>;
const CREATE_AD = {
  ...AD,
  mediaTailorPlaybackConfigurations: mandatory(AD.mediaTailorPlaybackConfigurations),
  tags: tagsProblem,
} satisfies Checks<CreateAdConfigurationCommandInput>;
const UPDATE_AD = { arn: arnOf('ad-configuration'), ...AD } satisfies Checks<UpdateAdConfigurationCommandInput>;

export function createRecordingConfigurationsApi(ctx: StoreContext, client: IvsClient): RecordingConfigurationsApi {
  const opts = (signal: AbortSignal) => ({ abortSignal: signal });
  const recording = simpleResource<RecordingConfiguration, RecordingConfigurationSummary>(ctx, {
    collection: 'recordingConfigurations' satisfies Collection,
    service: 'ivs',
    checkId: arnId('recording-configuration'),
    get: {
      operation: 'GetRecordingConfiguration',
      send: async (arn, s) =>
        (await client.send(new GetRecordingConfigurationCommand({ arn }), opts(s))).recordingConfiguration,
    },
    list: {
      operation: 'ListRecordingConfigurations',
      send: async (nextToken, s, _f, size) => {
        const o = await client.send(new ListRecordingConfigurationsCommand({ nextToken, maxResults: size }), opts(s));
        return { items: o.recordingConfigurations ?? [], nextToken: o.nextToken };
      },
      idOf: (x) => x.arn ?? '',
    },
  });
  return {
    ...reads(recording),
    async create(input) {
      const problem = inputProblem('CreateRecordingConfiguration', input, RECORDING);
      if (problem) throw problem;
      const out = await recording.send('CreateRecordingConfiguration', undefined, (s) =>
        client.send(new CreateRecordingConfigurationCommand(input), opts(s)),
      );
      recording.stored(out.recordingConfiguration?.arn, out.recordingConfiguration);
      return required(out.recordingConfiguration, 'CreateRecordingConfiguration', 'recordingConfiguration');
    },
    async delete(arn) {
      const problem = arnProblem('DeleteRecordingConfiguration', 'arn', arn, 'recording-configuration');
      if (problem) throw problem;
      await recording.send('DeleteRecordingConfiguration', arn, (s) =>
        client.send(new DeleteRecordingConfigurationCommand({ arn }), opts(s)),
      );
      recording.deleted(arn);
    },
  };
}

export function createPlaybackKeyPairsApi(ctx: StoreContext, client: IvsClient): PlaybackKeyPairsApi {
  const opts = (signal: AbortSignal) => ({ abortSignal: signal });
  const keyPairs = simpleResource<PlaybackKeyPair, PlaybackKeyPairSummary>(ctx, {
    collection: 'playbackKeyPairs' satisfies Collection,
    service: 'ivs',
    checkId: arnId('playback-key'),
    get: {
      operation: 'GetPlaybackKeyPair',
      send: async (arn, s) => (await client.send(new GetPlaybackKeyPairCommand({ arn }), opts(s))).keyPair,
    },
    list: {
      operation: 'ListPlaybackKeyPairs',
      send: async (nextToken, s, _f, size) => {
        const o = await client.send(new ListPlaybackKeyPairsCommand({ nextToken, maxResults: size }), opts(s));
        return { items: o.keyPairs ?? [], nextToken: o.nextToken };
      },
      idOf: (x) => x.arn ?? '',
    },
  });
  return {
    ...reads(keyPairs),
    async import(input) {
      const problem = inputProblem('ImportPlaybackKeyPair', input, KEY_PAIR);
      if (problem) throw problem;
      const out = await keyPairs.send('ImportPlaybackKeyPair', undefined, (s) =>
        client.send(new ImportPlaybackKeyPairCommand(input), opts(s)),
      );
      keyPairs.stored(out.keyPair?.arn, out.keyPair);
      return required(out.keyPair, 'ImportPlaybackKeyPair', 'keyPair');
    },
    async delete(arn) {
      const problem = arnProblem('DeletePlaybackKeyPair', 'arn', arn, 'playback-key');
      if (problem) throw problem;
      await keyPairs.send('DeletePlaybackKeyPair', arn, (s) =>
        client.send(new DeletePlaybackKeyPairCommand({ arn }), opts(s)),
      );
      keyPairs.deleted(arn);
    },
  };
}

export function createPlaybackRestrictionPoliciesApi(
  ctx: StoreContext,
  client: IvsClient,
): PlaybackRestrictionPoliciesApi {
  const opts = (signal: AbortSignal) => ({ abortSignal: signal });
  const policies = simpleResource<PlaybackRestrictionPolicy, PlaybackRestrictionPolicySummary>(ctx, {
    collection: 'playbackRestrictionPolicies' satisfies Collection,
    service: 'ivs',
    checkId: arnId('playback-restriction-policy'),
    get: {
      operation: 'GetPlaybackRestrictionPolicy',
      send: async (arn, s) =>
        (await client.send(new GetPlaybackRestrictionPolicyCommand({ arn }), opts(s))).playbackRestrictionPolicy,
    },
    list: {
      operation: 'ListPlaybackRestrictionPolicies',
      send: async (nextToken, s, _f, size) => {
        const o = await client.send(
          new ListPlaybackRestrictionPoliciesCommand({ nextToken, maxResults: size }),
          opts(s),
        );
        return { items: o.playbackRestrictionPolicies ?? [], nextToken: o.nextToken };
      },
      idOf: (x) => x.arn ?? '',
    },
  });
  return {
    ...reads(policies),
    async create(input = {}) {
      const problem = inputProblem('CreatePlaybackRestrictionPolicy', input, CREATE_POLICY);
      if (problem) throw problem;
      const out = await policies.send('CreatePlaybackRestrictionPolicy', undefined, (s) =>
        client.send(new CreatePlaybackRestrictionPolicyCommand(input), opts(s)),
      );
      policies.stored(out.playbackRestrictionPolicy?.arn, out.playbackRestrictionPolicy);
      return required(out.playbackRestrictionPolicy, 'CreatePlaybackRestrictionPolicy', 'playbackRestrictionPolicy');
    },
    async update(input) {
      const problem = inputProblem('UpdatePlaybackRestrictionPolicy', input, UPDATE_POLICY);
      if (problem) throw problem;
      const { arn, ...fields } = input;
      return policies.update(
        'UpdatePlaybackRestrictionPolicy',
        arn,
        fields,
        (s) => client.send(new UpdatePlaybackRestrictionPolicyCommand(input), opts(s)),
        (out) => out.playbackRestrictionPolicy,
      );
    },
    async delete(arn) {
      const problem = arnProblem('DeletePlaybackRestrictionPolicy', 'arn', arn, 'playback-restriction-policy');
      if (problem) throw problem;
      await policies.send('DeletePlaybackRestrictionPolicy', arn, (s) =>
        client.send(new DeletePlaybackRestrictionPolicyCommand({ arn }), opts(s)),
      );
      policies.deleted(arn);
    },
  };
}

export function createAdConfigurationsApi(ctx: StoreContext, client: IvsClient): AdConfigurationsApi {
  const opts = (signal: AbortSignal) => ({ abortSignal: signal });
  const ads = simpleResource<AdConfiguration, AdConfigurationSummary>(ctx, {
    collection: 'adConfigurations' satisfies Collection,
    service: 'ivs',
    checkId: arnId('ad-configuration'),
    get: {
      operation: 'GetAdConfiguration',
      send: async (arn, s) => (await client.send(new GetAdConfigurationCommand({ arn }), opts(s))).adConfiguration,
    },
    list: {
      operation: 'ListAdConfigurations',
      send: async (nextToken, s, _f, size) => {
        const o = await client.send(new ListAdConfigurationsCommand({ nextToken, maxResults: size }), opts(s));
        return { items: o.adConfigurations ?? [], nextToken: o.nextToken };
      },
      idOf: (x) => x.arn ?? '',
    },
  });
  return {
    ...reads(ads),
    async create(input) {
      const problem = inputProblem('CreateAdConfiguration', input, CREATE_AD);
      if (problem) throw problem;
      const out = await ads.send('CreateAdConfiguration', undefined, (s) =>
        client.send(new CreateAdConfigurationCommand(input), opts(s)),
      );
      ads.stored(out.adConfiguration?.arn, out.adConfiguration);
      return required(out.adConfiguration, 'CreateAdConfiguration', 'adConfiguration');
    },
    async update(input) {
      const problem = inputProblem('UpdateAdConfiguration', input, UPDATE_AD);
      if (problem) throw problem;
      const { arn, ...fields } = input;
      return ads.update(
        'UpdateAdConfiguration',
        arn,
        fields,
        (s) => client.send(new UpdateAdConfigurationCommand(input), opts(s)),
        (out) => out.adConfiguration,
      );
    },
    async delete(arn) {
      const problem = arnProblem('DeleteAdConfiguration', 'arn', arn, 'ad-configuration');
      if (problem) throw problem;
      await ads.send('DeleteAdConfiguration', arn, (s) =>
        client.send(new DeleteAdConfigurationCommand({ arn }), opts(s)),
      );
      ads.deleted(arn);
    },
  };
}
