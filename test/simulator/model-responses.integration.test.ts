import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/simulator/operations/types.js';
import { startTestSimulator, type TestSimulator } from './harness.js';
import { modelsOrSkip, type ServiceModel } from './model/botocore.js';
import { corrected } from './model/corrections.js';
import { violations } from './model/oracle.js';
import { rawRequest } from './raw.js';

/**
 * What the simulator answers, against the botocore models' output shapes: every
 * operation with a body is called once on a small world (raw, to see the JSON itself),
 * and its body must have the members the model requires, with values of the model's
 * types, lengths, patterns and enums. Skipped without botocore; fails on CI without it.
 */
const models = modelsOrSkip();
const modelOf = (service: Service): ServiceModel => (service === 'ivs' ? models!.ivs : models!.realtime);

/** Answers the model does not describe but the service gives, each with its reason. */
const ALLOWED: Array<{ service: Service; op: string; violation: RegExp; why: string }> = [
  {
    service: 'ivs',
    op: '*',
    violation: /\.preset: not one of/,
    why: 'A channel without a transcode preset has preset "", as the model\'s own documentation of Channel.preset says, though its enum lists only the two presets.',
  },
  {
    service: 'realtime',
    op: 'GetParticipant',
    violation: /\.recordingS3Prefix: does not match/,
    why: "The simulator records a participant under <stage id>/<session id>/<participant id>, a path in the bucket; the model's pattern [a-zA-Z0-9-]* has no '/'. Which the service answers is unverified: check it before changing either.",
  },
];

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

type Call = (service: Service, op: string, input?: Record<string, unknown>) => Promise<Record<string, unknown>>;
interface Answer {
  service: Service;
  op: string;
  problems: string[];
}
const allowed = (a: Answer, problem: string) =>
  ALLOWED.find((x) => x.service === a.service && (x.op === '*' || x.op === a.op) && x.violation.test(problem));

describe.skipIf(!models)('responses against the botocore output shapes', () => {
  let t: TestSimulator;
  const answers: Answer[] = [];

  const call: Call = async (service, op, input = {}) => {
    const model = corrected(service, modelOf(service));
    const operation = model.operations[op];
    if (!operation) throw new Error(`${service} has no ${op}`);
    // ListTagsForResource carries the ARN in its path; everything else is a POSTed body.
    const { resourceArn, ...body } = input;
    const path = operation.http.requestUri.replace('{resourceArn}', encodeURIComponent(String(resourceArn)));
    const method = operation.http.method;
    const res = await rawRequest(t.sim, { method, path, ...(method === 'POST' ? { body: JSON.stringify(body) } : {}) });
    if (res.status >= 300) throw new Error(`${op} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const out = res.body ?? {};
    answers.push({ service, op, problems: operation.output ? violations(model, operation.output.shape, out) : [] });
    return out;
  };

  beforeAll(async () => {
    t = await startTestSimulator();
    await ivsWorld(call, t);
    await realtimeWorld(call, t);
  });
  afterAll(() => t?.stop());

  it.each(['ivs', 'realtime'] as const)(
    "%s: every body has what the model requires, in the model's shapes",
    (service) => {
      const bad = answers
        .filter((a) => a.service === service)
        .flatMap((a) => a.problems.filter((p) => !allowed(a, p)).map((p) => `${a.op}: ${p}`));
      expect(bad).toEqual([]);
    },
  );

  it.each(['ivs', 'realtime'] as const)('%s: every operation that answers a body was called', (service) => {
    const model = modelOf(service);
    const withBody = Object.entries(model.operations).filter(
      ([, o]) =>
        o.output && Object.values(model.shapes[o.output.shape]?.members ?? {}).some((m) => m.location !== 'header'),
    );
    const called = new Set(answers.filter((a) => a.service === service).map((a) => a.op));
    expect(withBody.map(([name]) => name).filter((n) => !called.has(n))).toEqual([]);
  });

  it('every allow-list entry is still needed', () => {
    expect(ALLOWED.filter((x) => !answers.some((a) => a.problems.some((p) => allowed(a, p) === x)))).toEqual([]);
  });
});

const arnOf = (body: Record<string, unknown>, member: string) => (body[member] as { arn: string }).arn;

/** One of every IVS resource, a live stream and an ad break. */
async function ivsWorld(call: Call, t: TestSimulator): Promise<void> {
  const ivs = (op: string, input?: Record<string, unknown>) => call('ivs', op, input);
  const rc = arnOf(
    await ivs('CreateRecordingConfiguration', {
      name: 'rec',
      destinationConfiguration: { s3: { bucketName: 'bucket' } },
      tags: { a: 'b' },
    }),
    'recordingConfiguration',
  );
  await ivs('GetRecordingConfiguration', { arn: rc });
  await ivs('ListRecordingConfigurations');
  const policy = arnOf(
    await ivs('CreatePlaybackRestrictionPolicy', { allowedCountries: ['DE'], allowedOrigins: ['https://example.com'] }),
    'playbackRestrictionPolicy',
  );
  await ivs('GetPlaybackRestrictionPolicy', { arn: policy });
  await ivs('UpdatePlaybackRestrictionPolicy', { arn: policy, enableStrictOriginEnforcement: true });
  await ivs('ListPlaybackRestrictionPolicies');
  const ad = arnOf(
    await ivs('CreateAdConfiguration', {
      name: 'ads',
      mediaTailorPlaybackConfigurations: [
        { playbackConfigurationArn: 'arn:aws:mediatailor:us-east-1:123456789012:playbackConfiguration/pc' },
      ],
    }),
    'adConfiguration',
  );
  await ivs('GetAdConfiguration', { arn: ad });
  await ivs('ListAdConfigurations');
  const kp = arnOf(await ivs('ImportPlaybackKeyPair', { publicKeyMaterial: pem(), name: 'kp' }), 'keyPair');
  await ivs('GetPlaybackKeyPair', { arn: kp });
  await ivs('ListPlaybackKeyPairs');

  const created = await ivs('CreateChannel', {
    name: 'live',
    recordingConfigurationArn: rc,
    adConfigurationArn: ad,
    tags: { team: 'video' },
  });
  const channel = arnOf(created, 'channel');
  const plain = arnOf(
    await ivs('CreateChannel', { type: 'ADVANCED_HD', preset: 'HIGHER_BANDWIDTH_DELIVERY' }),
    'channel',
  );
  await ivs('GetChannel', { arn: channel });
  await ivs('UpdateChannel', { arn: plain, name: 'renamed', playbackRestrictionPolicyArn: policy });
  await ivs('BatchGetChannel', { arns: [channel, plain, 'arn:aws:ivs:us-east-1:123456789012:channel/ghost'] });
  await ivs('ListChannels');
  const key = arnOf(created, 'streamKey');
  await ivs('GetStreamKey', { arn: key });
  await ivs('BatchGetStreamKey', { arns: [key, 'arn:aws:ivs:us-east-1:123456789012:stream-key/ghost'] });
  await ivs('ListStreamKeys', { channelArn: channel });
  await ivs('DeleteStreamKey', { arn: key });
  await ivs('CreateStreamKey', { channelArn: channel, tags: { k: 'v' } });
  await ivs('ListTagsForResource', { resourceArn: channel });

  await ivs('StartViewerSessionRevocation', { channelArn: channel, viewerId: 'viewer' });
  await ivs('BatchStartViewerSessionRevocation', {
    viewerSessions: [
      { channelArn: channel, viewerId: 'a' },
      { channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/ghost', viewerId: 'b' },
    ],
  });
  t.sim.control.ivs.goLive(channel);
  await ivs('GetStream', { channelArn: channel });
  await ivs('ListStreams');
  await ivs('InsertAdBreak', { channelArn: channel, durationSeconds: 30 });
  await ivs('GetStreamSession', { channelArn: channel });
  await ivs('ListStreamSessions', { channelArn: channel });
}

/** A stage with people on it, replication, a composition and every configuration. */
async function realtimeWorld(call: Call, t: TestSimulator): Promise<void> {
  const rt = (op: string, input?: Record<string, unknown>) => call('realtime', op, input);
  const storage = arnOf(
    await rt('CreateStorageConfiguration', { name: 'store', s3: { bucketName: 'bucket' } }),
    'storageConfiguration',
  );
  await rt('GetStorageConfiguration', { arn: storage });
  await rt('ListStorageConfigurations');
  const encoder = arnOf(
    await rt('CreateEncoderConfiguration', {
      name: 'hd',
      video: { width: 1280, height: 720, framerate: 29.97, bitrate: 2_500_000 },
    }),
    'encoderConfiguration',
  );
  await rt('GetEncoderConfiguration', { arn: encoder });
  await rt('ListEncoderConfigurations');
  const key = arnOf(await rt('ImportPublicKey', { publicKeyMaterial: pem(), name: 'key' }), 'publicKey');
  await rt('GetPublicKey', { arn: key });
  await rt('ListPublicKeys');

  const created = await rt('CreateStage', {
    name: 'studio',
    participantTokenConfigurations: [{ userId: 'host', capabilities: ['PUBLISH', 'SUBSCRIBE'] }],
    autoParticipantRecordingConfiguration: { storageConfigurationArn: storage, mediaTypes: ['AUDIO_VIDEO'] },
    tags: { env: 'test' },
  });
  const stage = arnOf(created, 'stage');
  const other = arnOf(await rt('CreateStage', { name: 'overflow' }), 'stage');
  await rt('UpdateStage', { arn: other, name: 'overflow-2' });
  await rt('CreateParticipantToken', { stageArn: stage, userId: 'guest', attributes: { role: 'guest' } });
  const host = t.sim.control.realtime.join(stage, { userId: 'host', publish: true });
  t.sim.control.realtime.join(stage, { userId: 'viewer' });
  await rt('GetStage', { arn: stage });
  await rt('ListStages');
  await rt('GetStageSession', { stageArn: stage, sessionId: host.sessionId });
  await rt('ListStageSessions', { stageArn: stage });
  await rt('GetParticipant', { stageArn: stage, sessionId: host.sessionId, participantId: host.participantId });
  await rt('ListParticipants', { stageArn: stage, sessionId: host.sessionId });
  await rt('ListParticipantEvents', { stageArn: stage, sessionId: host.sessionId, participantId: host.participantId });
  await rt('StartParticipantReplication', {
    sourceStageArn: stage,
    destinationStageArn: other,
    participantId: host.participantId,
  });
  await rt('ListParticipantReplicas', { sourceStageArn: stage, participantId: host.participantId });

  const composition = arnOf(
    await rt('StartComposition', {
      stageArn: stage,
      layout: { grid: { featuredParticipantAttribute: 'role' } },
      destinations: [{ s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } }],
    }),
    'composition',
  );
  await rt('GetComposition', { arn: composition });
  await rt('ListCompositions');

  const ingest = arnOf(
    await rt('CreateIngestConfiguration', {
      ingestProtocol: 'RTMPS',
      stageArn: stage,
      userId: 'encoder',
      name: 'obs',
      redundantIngest: true,
    }),
    'ingestConfiguration',
  );
  await rt('GetIngestConfiguration', { arn: ingest });
  await rt('UpdateIngestConfiguration', { arn: ingest, stageArn: other });
  await rt('ListIngestConfigurations');
  await rt('ListTagsForResource', { resourceArn: stage });
}
