import { arn, arnArg, describeRefusals, objectArg, optionsArg, stringArg, type MethodTable } from './input-checks.js';

/**
 * Every public method of the RealTime resources (src/resources/realtime), called with bad
 * arguments of each class: wrong type, null, not an object, a member the SDK input does
 * not have, a bad value. Each is refused with a validation error naming operation and
 * field, the way its kind of method refuses (Promise: rejects; Observable<Entry>: an error
 * entry; derived stream: its error), never synchronously, and nothing reaches the simulator.
 */
const stage = arn('stage');
const session = 'st-abcdEFGH12345';
const participant = 'abcdEFGH1234';
const v = <T>(value: unknown) => value as T;

const tables: MethodTable[] = [
  // stages
  [
    'stages.get$',
    'entry',
    [...arnArg('arn', (s, a) => s.stages.get$(v(a)), 'channel'), ...optionsArg((s, o) => s.stages.get$(stage, v(o)))],
  ],
  ['stages.list$', 'entry', optionsArg((s, o) => s.stages.list$(v(o)))],
  [
    'stages.create',
    'promise',
    objectArg('input', (s, i) => s.stages.create(v(i)), { name: 'ok' }, [
      ['name of the wrong type', 'name', { name: 1 }],
      [
        'participantTokenConfigurations not an array',
        'participantTokenConfigurations',
        { participantTokenConfigurations: {} },
      ],
      [
        '13 participantTokenConfigurations',
        'participantTokenConfigurations',
        { participantTokenConfigurations: Array.from({ length: 13 }, () => ({})) },
      ],
      [
        'autoParticipantRecordingConfiguration not an object',
        'autoParticipantRecordingConfiguration',
        { autoParticipantRecordingConfiguration: 'on' },
      ],
      ['tags an array', 'tags', { tags: [] }],
    ]),
  ],
  [
    'stages.update',
    'promise',
    objectArg('input', (s, i) => s.stages.update(v(i)), { arn: stage }, [
      ['arn missing', 'arn', { arn: undefined }],
      ['name with a space', 'name', { name: 'a b' }],
      ['tags (not an UpdateStage member)', 'tags', { tags: {} }],
    ]),
  ],
  ['stages.delete', 'promise', arnArg('arn', (s, a) => s.stages.delete(v(a)), 'channel')],
  [
    'stages.sessions$',
    'entry',
    [
      ...arnArg('stageArn', (s, a) => s.stages.sessions$(v(a))),
      ...optionsArg((s, o) => s.stages.sessions$(stage, v(o))),
    ],
  ],
  [
    'stages.session$',
    'entry',
    [
      ...arnArg('stageArn', (s, a) => s.stages.session$(v(a), session)),
      ...stringArg('sessionId', (s, id) => s.stages.session$(stage, v(id)), [undefined, '', 'session-1']),
      ...optionsArg((s, o) => s.stages.session$(stage, session, v(o))),
    ],
  ],

  // participants
  [
    'participants.list$',
    'entry',
    [
      ...arnArg('stageArn', (s, a) => s.participants.list$(v(a))),
      ...optionsArg(
        (s, o) => s.participants.list$(stage, v(o)),
        [
          ['state out of its values', 'state', { state: 'GONE' }],
          ['sessionId not a session id', 'sessionId', { sessionId: 'x' }],
          ['initial (a changes$ option)', 'initial', { initial: true }],
        ],
      ),
    ],
  ],
  [
    'participants.get$',
    'entry',
    [
      ...arnArg('stageArn', (s, a) => s.participants.get$(v(a), session, participant)),
      ...stringArg('sessionId', (s, id) => s.participants.get$(stage, v(id), participant), [undefined, 'x']),
      ...stringArg('participantId', (s, id) => s.participants.get$(stage, session, v(id)), [
        undefined,
        '',
        'x'.repeat(65),
      ]),
      ...optionsArg((s, o) => s.participants.get$(stage, session, participant, v(o))),
    ],
  ],
  [
    'participants.changes$',
    'stream',
    [
      ...arnArg('stageArn', (s, a) => s.participants.changes$(v(a))),
      ...optionsArg(
        (s, o) => s.participants.changes$(stage, v(o)),
        [
          ['initial not a boolean', 'initial', { initial: 'yes' }],
          ['state (a list$ option)', 'state', { state: 'CONNECTED' }],
        ],
      ),
    ],
  ],
  [
    'participants.events$',
    'entry',
    [
      ...arnArg('stageArn', (s, a) => s.participants.events$(v(a), session, participant)),
      ...stringArg('sessionId', (s, id) => s.participants.events$(stage, v(id), participant), [undefined, 'x']),
      ...stringArg('participantId', (s, id) => s.participants.events$(stage, session, v(id)), [undefined, '']),
      ...optionsArg((s, o) => s.participants.events$(stage, session, participant, v(o))),
    ],
  ],
  [
    'participants.disconnect',
    'promise',
    [
      ...arnArg('stageArn', (s, a) => s.participants.disconnect(v(a), participant)),
      ...stringArg('participantId', (s, id) => s.participants.disconnect(stage, v(id)), [undefined, '']),
      ['reason of the wrong type', 'reason', (s) => s.participants.disconnect(stage, participant, v(5))],
      ['reason too long', 'reason', (s) => s.participants.disconnect(stage, participant, 'x'.repeat(129))],
    ],
  ],
  [
    'participants.createToken',
    'promise',
    objectArg('input', (s, i) => s.participants.createToken(v(i)), { stageArn: stage }, [
      ['stageArn missing', 'stageArn', { stageArn: undefined }],
      ['duration 0', 'duration', { duration: 0 }],
      ['userId too long', 'userId', { userId: 'x'.repeat(129) }],
      ['attributes with a number', 'attributes', { attributes: { seat: 1 } }],
      ['capabilities out of their values', 'capabilities[0]', { capabilities: ['WATCH'] }],
    ]),
  ],

  // compositions and configurations
  [
    'compositions.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.compositions.get$(v(a)), 'stage'),
      ...optionsArg((s, o) => s.compositions.get$(arn('composition'), v(o))),
    ],
  ],
  [
    'compositions.list$',
    'entry',
    [
      ...objectArg('filter', (s, f) => s.compositions.list$(v(f)), {}, [
        ['filterByStageArn of another type', 'filterByStageArn', { filterByStageArn: arn('channel') }],
      ]),
      ...optionsArg((s, o) => s.compositions.list$(undefined, v(o))),
    ],
  ],
  [
    'compositions.start',
    'promise',
    objectArg(
      'input',
      (s, i) => s.compositions.start(v(i)),
      { stageArn: stage, destinations: [{ channel: { channelArn: arn('channel') } }] },
      [
        ['stageArn of another type', 'stageArn', { stageArn: arn('channel') }],
        ['destinations missing', 'destinations', { destinations: undefined }],
        ['destinations empty', 'destinations', { destinations: [] }],
        ['layout not an object', 'layout', { layout: 'grid' }],
      ],
    ),
  ],
  ['compositions.stop', 'promise', arnArg('arn', (s, a) => s.compositions.stop(v(a)), 'stage')],
  [
    'encoderConfigurations.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.encoderConfigurations.get$(v(a))),
      ...optionsArg((s, o) => s.encoderConfigurations.get$(arn('encoder-configuration'), v(o))),
    ],
  ],
  ['encoderConfigurations.list$', 'entry', optionsArg((s, o) => s.encoderConfigurations.list$(v(o)))],
  [
    'encoderConfigurations.create',
    'promise',
    objectArg('input', (s, i) => s.encoderConfigurations.create(v(i)), {}, [
      ['video not an object', 'video', { video: '720p' }],
    ]),
  ],
  ['encoderConfigurations.delete', 'promise', arnArg('arn', (s, a) => s.encoderConfigurations.delete(v(a)))],
  [
    'storageConfigurations.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.storageConfigurations.get$(v(a))),
      ...optionsArg((s, o) => s.storageConfigurations.get$(arn('storage-configuration'), v(o))),
    ],
  ],
  ['storageConfigurations.list$', 'entry', optionsArg((s, o) => s.storageConfigurations.list$(v(o)))],
  [
    'storageConfigurations.create',
    'promise',
    objectArg('input', (s, i) => s.storageConfigurations.create(v(i)), { s3: { bucketName: 'bucket' } }, [
      ['s3 missing', 's3', { s3: undefined }],
      ['s3 a string', 's3', { s3: 's3://bucket' }],
    ]),
  ],
  ['storageConfigurations.delete', 'promise', arnArg('arn', (s, a) => s.storageConfigurations.delete(v(a)))],
  [
    'ingestConfigurations.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.ingestConfigurations.get$(v(a))),
      ...optionsArg((s, o) => s.ingestConfigurations.get$(arn('ingest-configuration'), v(o))),
    ],
  ],
  [
    'ingestConfigurations.list$',
    'entry',
    [
      ...objectArg('filter', (s, f) => s.ingestConfigurations.list$(v(f)), {}, [
        ['filterByState out of its values', 'filterByState', { filterByState: 'ON' }],
        ['filterByStageArn of another type', 'filterByStageArn', { filterByStageArn: arn('channel') }],
      ]),
      ...optionsArg((s, o) => s.ingestConfigurations.list$(undefined, v(o))),
    ],
  ],
  [
    'ingestConfigurations.create',
    'promise',
    objectArg('input', (s, i) => s.ingestConfigurations.create(v(i)), { ingestProtocol: 'RTMPS' }, [
      ['ingestProtocol missing', 'ingestProtocol', { ingestProtocol: undefined }],
      ['ingestProtocol out of its values', 'ingestProtocol', { ingestProtocol: 'SRT' }],
      ['attributes a string', 'attributes', { attributes: 'a=b' }],
      ['insecureIngest not a boolean', 'insecureIngest', { insecureIngest: 'no' }],
    ]),
  ],
  [
    'ingestConfigurations.update',
    'promise',
    objectArg('input', (s, i) => s.ingestConfigurations.update(v(i)), { arn: arn('ingest-configuration') }, [
      ['arn missing', 'arn', { arn: undefined }],
      ['stageArn of another type', 'stageArn', { stageArn: arn('channel') }],
      ['redundantIngest not a boolean', 'redundantIngest', { redundantIngest: 1 }],
    ]),
  ],
  [
    'ingestConfigurations.delete',
    'promise',
    [
      ...arnArg('arn', (s, a) => s.ingestConfigurations.delete(v(a))),
      ['force not a boolean', 'force', (s) => s.ingestConfigurations.delete(arn('ingest-configuration'), v('yes'))],
    ],
  ],
  [
    'publicKeys.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.publicKeys.get$(v(a))),
      ...optionsArg((s, o) => s.publicKeys.get$(arn('public-key'), v(o))),
    ],
  ],
  ['publicKeys.list$', 'entry', optionsArg((s, o) => s.publicKeys.list$(v(o)))],
  [
    'publicKeys.import',
    'promise',
    objectArg('input', (s, i) => s.publicKeys.import(v(i)), { publicKeyMaterial: '-----BEGIN PUBLIC KEY-----' }, [
      ['publicKeyMaterial missing', 'publicKeyMaterial', { publicKeyMaterial: undefined }],
      ['name with a space', 'name', { name: 'a b' }],
    ]),
  ],
  ['publicKeys.delete', 'promise', arnArg('arn', (s, a) => s.publicKeys.delete(v(a)))],

  // replication
  [
    'replication.start',
    'promise',
    objectArg(
      'input',
      (s, i) => s.replication.start(v(i)),
      { sourceStageArn: stage, destinationStageArn: arn('stage'), participantId: participant },
      [
        ['sourceStageArn missing', 'sourceStageArn', { sourceStageArn: undefined }],
        ['participantId missing', 'participantId', { participantId: undefined }],
        ['reconnectWindowSeconds out of range', 'reconnectWindowSeconds', { reconnectWindowSeconds: 301 }],
        ['attributes with a number', 'attributes', { attributes: { a: 1 } }],
      ],
    ),
  ],
  [
    'replication.stop',
    'promise',
    objectArg(
      'input',
      (s, i) => s.replication.stop(v(i)),
      { sourceStageArn: stage, destinationStageArn: arn('stage'), participantId: participant },
      [
        ['destinationStageArn of another type', 'destinationStageArn', { destinationStageArn: arn('channel') }],
        ['participantId of the wrong type', 'participantId', { participantId: 7 }],
        ['reconnectWindowSeconds (a start member)', 'reconnectWindowSeconds', { reconnectWindowSeconds: 5 }],
      ],
    ),
  ],
  [
    'replication.replicas$',
    'entry',
    [
      ...arnArg('sourceStageArn', (s, a) => s.replication.replicas$(v(a), participant)),
      ...stringArg('participantId', (s, id) => s.replication.replicas$(stage, v(id)), [undefined, '']),
      ...optionsArg((s, o) => s.replication.replicas$(stage, participant, v(o))),
    ],
  ],

  // tags
  [
    'realtimeTags.get$',
    'entry',
    [
      ...arnArg('resourceArn', (s, a) => s.realtimeTags.get$(v(a)), 'channel'),
      ...optionsArg((s, o) => s.realtimeTags.get$(stage, v(o))),
    ],
  ],
  [
    'realtimeTags.tag',
    'promise',
    [
      ...arnArg('resourceArn', (s, a) => s.realtimeTags.tag(v(a), { a: 'b' }), 'channel'),
      ['tags missing', 'tags', (s) => s.realtimeTags.tag(stage, v(undefined))],
      ['a tag value not a string', 'tags.a', (s) => s.realtimeTags.tag(stage, v({ a: true }))],
    ],
  ],
  [
    'realtimeTags.untag',
    'promise',
    [
      ...arnArg('resourceArn', (s, a) => s.realtimeTags.untag(v(a), ['a']), 'channel'),
      ['tagKeys missing', 'tagKeys', (s) => s.realtimeTags.untag(stage, v(undefined))],
      ['tagKeys of numbers', 'tagKeys[0]', (s) => s.realtimeTags.untag(stage, v([5]))],
    ],
  ],
];

describeRefusals('RealTime methods refuse bad arguments before any request', tables);
