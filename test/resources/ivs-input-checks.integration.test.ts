import { arn, arnArg, describeRefusals, objectArg, optionsArg, stringArg, type MethodTable } from './input-checks.js';

/**
 * Every public method of the IVS resources (src/resources/ivs), called with bad arguments
 * of each class: wrong type, null, not an object, a member the SDK input does not have, a
 * bad value. Each is refused with a validation error naming operation and field, the way
 * its kind of method refuses (Promise: rejects; Observable<Entry>: an error entry;
 * derived stream: its error), never synchronously, and nothing reaches the simulator.
 */
const channel = arn('channel');
const v = <T>(value: unknown) => value as T;

const tables: MethodTable[] = [
  // channels
  [
    'channels.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.channels.get$(v(a)), 'stage'),
      ...optionsArg((s, o) => s.channels.get$(channel, v(o))),
    ],
  ],
  [
    'channels.list$',
    'entry',
    [
      ...objectArg('filter', (s, f) => s.channels.list$(v(f)), {}, [
        ['filterByName of the wrong type', 'filterByName', { filterByName: 5 }],
        ['filterByName with a space', 'filterByName', { filterByName: 'a b' }],
        [
          'filterByRecordingConfigurationArn of another type',
          'filterByRecordingConfigurationArn',
          { filterByRecordingConfigurationArn: channel },
        ],
        [
          'two filters',
          'filterByName and filterByAdConfigurationArn',
          { filterByName: 'a', filterByAdConfigurationArn: arn('ad-configuration') },
        ],
      ]),
      ...optionsArg((s, o) => s.channels.list$(undefined, v(o))),
    ],
  ],
  [
    'channels.create',
    'promise',
    objectArg('input', (s, i) => s.channels.create(v(i)), { name: 'ok' }, [
      ['name of the wrong type', 'name', { name: 5 }],
      ['latencyMode out of its values', 'latencyMode', { latencyMode: 'FAST' }],
      ['type out of its values', 'type', { type: 'PREMIUM' }],
      ['authorized not a boolean', 'authorized', { authorized: 'yes' }],
      [
        'recordingConfigurationArn of another type',
        'recordingConfigurationArn',
        { recordingConfigurationArn: channel },
      ],
      [
        'multitrackInputConfiguration not an object',
        'multitrackInputConfiguration',
        { multitrackInputConfiguration: true },
      ],
      ['tags not an object', 'tags', { tags: 'a=b' }],
    ]),
  ],
  [
    'channels.update',
    'promise',
    objectArg('input', (s, i) => s.channels.update(v(i)), { arn: channel }, [
      ['arn missing', 'arn', { arn: undefined }],
      ['arn of another type', 'arn', { arn: arn('stage') }],
      ['name of the wrong type', 'name', { name: [] }],
      ['preset out of its values', 'preset', { preset: 'FAST' }],
      ['containerFormat out of its values', 'containerFormat', { containerFormat: 'MKV' }],
    ]),
  ],
  ['channels.delete', 'promise', arnArg('arn', (s, a) => s.channels.delete(v(a)), 'stage')],

  // streams
  [
    'streams.get$',
    'entry',
    [...arnArg('channelArn', (s, a) => s.streams.get$(v(a))), ...optionsArg((s, o) => s.streams.get$(channel, v(o)))],
  ],
  [
    'streams.live$',
    'entry',
    [
      ...objectArg('filter', (s, f) => s.streams.live$(v(f)), {}, [
        ['health out of its values', 'health', { health: 'GREAT' }],
        ['health of the wrong type', 'health', { health: 1 }],
      ]),
      ...optionsArg((s, o) => s.streams.live$(undefined, v(o))),
    ],
  ],
  [
    'streams.health$',
    'stream',
    [
      ...arnArg('channelArn', (s, a) => s.streams.health$(v(a))),
      ...optionsArg((s, o) => s.streams.health$(channel, v(o))),
    ],
  ],
  [
    'streams.healthHistory$',
    'stream',
    [
      ...arnArg('channelArn', (s, a) => s.streams.healthHistory$(v(a))),
      ...optionsArg(
        (s, o) => s.streams.healthHistory$(channel, v(o)),
        [
          ['size 0', 'size', { size: 0 }],
          ['size not a whole number', 'size', { size: 1.5 }],
        ],
      ),
    ],
  ],
  ['streams.stop', 'promise', arnArg('channelArn', (s, a) => s.streams.stop(v(a)))],
  [
    'streams.putMetadata',
    'promise',
    [
      ...arnArg('channelArn', (s, a) => s.streams.putMetadata(v(a), 'm')),
      ...stringArg('metadata', (s, m) => s.streams.putMetadata(channel, v(m)), ['', 'é'.repeat(600)]),
    ],
  ],
  [
    'streams.insertAdBreak',
    'promise',
    [
      ...arnArg('channelArn', (s, a) => s.streams.insertAdBreak(v(a), 30)),
      ['durationSeconds missing', 'durationSeconds', (s) => s.streams.insertAdBreak(channel, v(undefined))],
      ['durationSeconds of the wrong type', 'durationSeconds', (s) => s.streams.insertAdBreak(channel, v('30'))],
      ['durationSeconds 0', 'durationSeconds', (s) => s.streams.insertAdBreak(channel, 0)],
    ],
  ],

  // stream keys
  [
    'streamKeys.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.streamKeys.get$(v(a)), 'channel'),
      ...optionsArg((s, o) => s.streamKeys.get$(arn('stream-key'), v(o))),
    ],
  ],
  [
    'streamKeys.forChannel$',
    'entry',
    [
      ...arnArg('channelArn', (s, a) => s.streamKeys.forChannel$(v(a))),
      ...optionsArg((s, o) => s.streamKeys.forChannel$(channel, v(o))),
    ],
  ],
  [
    'streamKeys.create',
    'promise',
    [
      ...arnArg('channelArn', (s, a) => s.streamKeys.create(v(a))),
      ['tags not an object', 'tags', (s) => s.streamKeys.create(channel, v('a=b'))],
      ['a tag value not a string', 'tags.k', (s) => s.streamKeys.create(channel, v({ k: 1 }))],
    ],
  ],
  ['streamKeys.delete', 'promise', arnArg('arn', (s, a) => s.streamKeys.delete(v(a)), 'channel')],

  // stream sessions
  [
    'streamSessions.list$',
    'entry',
    [
      ...arnArg('channelArn', (s, a) => s.streamSessions.list$(v(a))),
      ...optionsArg((s, o) => s.streamSessions.list$(channel, v(o))),
    ],
  ],
  [
    'streamSessions.get$',
    'entry',
    [
      ...arnArg('channelArn', (s, a) => s.streamSessions.get$(v(a))),
      ...stringArg('streamId', (s, id) => s.streamSessions.get$(channel, v(id)), [
        '',
        'st-short',
        { refetchInterval: 5 },
      ]),
      ...optionsArg((s, o) => s.streamSessions.get$(channel, undefined, v(o))),
    ],
  ],

  // configurations
  [
    'recordingConfigurations.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.recordingConfigurations.get$(v(a))),
      ...optionsArg((s, o) => s.recordingConfigurations.get$(arn('recording-configuration'), v(o))),
    ],
  ],
  [
    'recordingConfigurations.list$',
    'entry',
    optionsArg(
      (s, o) => s.recordingConfigurations.list$(v(o)),
      [['a filter given as options', 'filterByName', { filterByName: 'x' }]],
    ),
  ],
  [
    'recordingConfigurations.create',
    'promise',
    objectArg(
      'input',
      (s, i) => s.recordingConfigurations.create(v(i)),
      { destinationConfiguration: { s3: { bucketName: 'bucket' } } },
      [
        ['destinationConfiguration missing', 'destinationConfiguration', { destinationConfiguration: undefined }],
        [
          'destinationConfiguration not an object',
          'destinationConfiguration',
          { destinationConfiguration: 's3://bucket' },
        ],
        [
          'recordingReconnectWindowSeconds out of range',
          'recordingReconnectWindowSeconds',
          { recordingReconnectWindowSeconds: 301 },
        ],
        ['name with a space', 'name', { name: 'bad name' }],
      ],
    ),
  ],
  ['recordingConfigurations.delete', 'promise', arnArg('arn', (s, a) => s.recordingConfigurations.delete(v(a)))],
  [
    'playbackKeyPairs.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.playbackKeyPairs.get$(v(a))),
      ...optionsArg((s, o) => s.playbackKeyPairs.get$(arn('playback-key'), v(o))),
    ],
  ],
  ['playbackKeyPairs.list$', 'entry', optionsArg((s, o) => s.playbackKeyPairs.list$(v(o)))],
  [
    'playbackKeyPairs.import',
    'promise',
    objectArg('input', (s, i) => s.playbackKeyPairs.import(v(i)), { publicKeyMaterial: '-----BEGIN PUBLIC KEY-----' }, [
      ['publicKeyMaterial missing', 'publicKeyMaterial', { publicKeyMaterial: undefined }],
      ['publicKeyMaterial of the wrong type', 'publicKeyMaterial', { publicKeyMaterial: 1 }],
      ['tags with an empty key', 'tags.', { tags: { '': 'v' } }],
    ]),
  ],
  ['playbackKeyPairs.delete', 'promise', arnArg('arn', (s, a) => s.playbackKeyPairs.delete(v(a)))],
  [
    'playbackRestrictionPolicies.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.playbackRestrictionPolicies.get$(v(a))),
      ...optionsArg((s, o) => s.playbackRestrictionPolicies.get$(arn('playback-restriction-policy'), v(o))),
    ],
  ],
  ['playbackRestrictionPolicies.list$', 'entry', optionsArg((s, o) => s.playbackRestrictionPolicies.list$(v(o)))],
  [
    'playbackRestrictionPolicies.create',
    'promise',
    objectArg('input', (s, i) => s.playbackRestrictionPolicies.create(v(i)), { name: 'eu' }, [
      ['allowedCountries not an array', 'allowedCountries', { allowedCountries: 'DE' }],
      ['allowedCountries of numbers', 'allowedCountries[0]', { allowedCountries: [49] }],
      [
        'enableStrictOriginEnforcement not a boolean',
        'enableStrictOriginEnforcement',
        { enableStrictOriginEnforcement: 1 },
      ],
    ]),
  ],
  [
    'playbackRestrictionPolicies.update',
    'promise',
    objectArg(
      'input',
      (s, i) => s.playbackRestrictionPolicies.update(v(i)),
      { arn: arn('playback-restriction-policy') },
      [
        ['arn missing', 'arn', { arn: undefined }],
        ['allowedOrigins of numbers', 'allowedOrigins[0]', { allowedOrigins: [1] }],
        ['tags (not an UpdatePlaybackRestrictionPolicy member)', 'tags', { tags: {} }],
      ],
    ),
  ],
  [
    'playbackRestrictionPolicies.delete',
    'promise',
    arnArg('arn', (s, a) => s.playbackRestrictionPolicies.delete(v(a))),
  ],
  [
    'adConfigurations.get$',
    'entry',
    [
      ...arnArg('arn', (s, a) => s.adConfigurations.get$(v(a))),
      ...optionsArg((s, o) => s.adConfigurations.get$(arn('ad-configuration'), v(o))),
    ],
  ],
  ['adConfigurations.list$', 'entry', optionsArg((s, o) => s.adConfigurations.list$(v(o)))],
  [
    'adConfigurations.create',
    'promise',
    objectArg(
      'input',
      (s, i) => s.adConfigurations.create(v(i)),
      {
        mediaTailorPlaybackConfigurations: [
          { playbackConfigurationArn: 'arn:aws:mediatailor:us-east-1:123456789012:playbackConfiguration/x' },
        ],
      },
      [
        [
          'mediaTailorPlaybackConfigurations missing',
          'mediaTailorPlaybackConfigurations',
          { mediaTailorPlaybackConfigurations: undefined },
        ],
        [
          'mediaTailorPlaybackConfigurations empty',
          'mediaTailorPlaybackConfigurations',
          { mediaTailorPlaybackConfigurations: [] },
        ],
        ['postRollConfiguration not an object', 'postRollConfiguration', { postRollConfiguration: 30 }],
      ],
    ),
  ],
  [
    'adConfigurations.update',
    'promise',
    objectArg('input', (s, i) => s.adConfigurations.update(v(i)), { arn: arn('ad-configuration') }, [
      ['arn of another type', 'arn', { arn: channel }],
      [
        'mediaTailorPlaybackConfigurations of strings',
        'mediaTailorPlaybackConfigurations[0]',
        { mediaTailorPlaybackConfigurations: ['x'] },
      ],
    ]),
  ],
  ['adConfigurations.delete', 'promise', arnArg('arn', (s, a) => s.adConfigurations.delete(v(a)))],

  // tags
  [
    'tags.get$',
    'entry',
    [
      ...arnArg('resourceArn', (s, a) => s.tags.get$(v(a)), 'stage'),
      ...optionsArg((s, o) => s.tags.get$(channel, v(o))),
    ],
  ],
  [
    'tags.tag',
    'promise',
    [
      ...arnArg('resourceArn', (s, a) => s.tags.tag(v(a), { a: 'b' }), 'stage'),
      ['tags missing', 'tags', (s) => s.tags.tag(channel, v(undefined))],
      ['tags null', 'tags', (s) => s.tags.tag(channel, v(null))],
      ['tags a string', 'tags', (s) => s.tags.tag(channel, v('a=b'))],
      ['a tag value not a string', 'tags.a', (s) => s.tags.tag(channel, v({ a: 1 }))],
    ],
  ],
  [
    'tags.untag',
    'promise',
    [
      ...arnArg('resourceArn', (s, a) => s.tags.untag(v(a), ['a']), 'stage'),
      ['tagKeys missing', 'tagKeys', (s) => s.tags.untag(channel, v(undefined))],
      ['tagKeys a string', 'tagKeys', (s) => s.tags.untag(channel, v('a'))],
      ['tagKeys empty', 'tagKeys', (s) => s.tags.untag(channel, [])],
      ['tagKeys of numbers', 'tagKeys[0]', (s) => s.tags.untag(channel, v([5]))],
    ],
  ],

  // viewer sessions
  [
    'viewerSessions.revoke',
    'promise',
    objectArg('input', (s, r) => s.viewerSessions.revoke(v(r)), { channelArn: channel, viewerId: 'v1' }, [
      ['channelArn of another type', 'channelArn', { channelArn: arn('stage') }],
      ['viewerId missing', 'viewerId', { viewerId: undefined }],
      ['viewerId too long', 'viewerId', { viewerId: 'x'.repeat(41) }],
      [
        'viewerSessionVersionsLessThanOrEqualTo negative',
        'viewerSessionVersionsLessThanOrEqualTo',
        { viewerSessionVersionsLessThanOrEqualTo: -1 },
      ],
    ]),
  ],
];

describeRefusals('IVS methods refuse bad arguments before any request', tables);
