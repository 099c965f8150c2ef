import { createHash, createPublicKey } from 'node:crypto';
import { validation } from '../errors.js';

/**
 * A public key's fingerprint (SHA-256 of its DER encoding, colon-separated), for IVS
 * playback key pairs and RealTime public keys alike. Anything that is not a PEM public
 * key is a ValidationException naming the member.
 */
export function publicKeyFingerprint(pem: string, member = 'publicKeyMaterial'): string {
  let der: Buffer;
  try {
    der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  } catch {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must be a PEM-encoded public key`);
  }
  return (createHash('sha256').update(der).digest('hex').match(/.{2}/g) ?? []).join(':');
}
