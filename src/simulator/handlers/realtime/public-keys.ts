import type { PublicKeyRecord } from '../../world/realtime-state.js';
import { collectionHandlers, stringOr } from '../collection.js';
import { fingerprintForImport } from '../public-key.js';
import type { HandlerTable } from '../types.js';

/**
 * Public keys that verify self-signed participant tokens. Importing something that is
 * not a PEM public key is a ValidationException; importing a key twice is a ConflictException.
 */
export const publicKeyHandlers: HandlerTable = collectionHandlers<PublicKeyRecord>({
  label: 'Public key',
  arnType: 'public-key',
  singular: 'publicKey',
  plural: 'publicKeys',
  ops: { create: 'ImportPublicKey', get: 'GetPublicKey', delete: 'DeletePublicKey', list: 'ListPublicKeys' },
  store: (w) => w.realtime.publicKeys,
  create: (input, base, { world }) => ({
    ...base,
    name: stringOr(input.name),
    publicKeyMaterial: input.publicKeyMaterial as string,
    fingerprint: fingerprintForImport(input.publicKeyMaterial as string, world.realtime.publicKeys.values()),
  }),
  view: (r) => ({ arn: r.arn, name: r.name, publicKeyMaterial: r.publicKeyMaterial, fingerprint: r.fingerprint }),
  summary: (r) => ({ arn: r.arn, name: r.name }),
});
