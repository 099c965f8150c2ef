import { createHash, createPublicKey } from 'node:crypto';
import { conflict, validation } from '../operations/errors.js';

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

/**
 * The fingerprint of a key being imported, refusing (409) one that an existing
 * resource already holds: both services reject importing the same key twice.
 */
export function fingerprintForImport(pem: string, existing: Iterable<{ arn: string; fingerprint: string }>): string {
  const fingerprint = publicKeyFingerprint(pem);
  for (const k of existing) {
    if (k.fingerprint === fingerprint) throw conflict(`This public key is already imported as ${k.arn}`);
  }
  return fingerprint;
}
