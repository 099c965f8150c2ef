const hidden = new WeakMap<Secret, string>();

/**
 * A secret value (stream key, SRT passphrase, participant token) as the store keeps it:
 * it prints, logs and serializes as `[redacted]`, and gives its value only to `reveal()`.
 * Two secrets with the same value are equal, so refreshes do not re-emit.
 *
 * @example
 * ```ts
 * const key = new Secret('sk_us-east-1_abc');
 * JSON.stringify({ key }); // '{"key":"[redacted]"}'
 * encoder.start(key.reveal());
 * ```
 */
export class Secret {
  constructor(value: string) {
    hidden.set(this, value);
    Object.freeze(this);
  }

  /**
   * The value itself. Call it only where the secret is meant to go (a copy button, an encoder).
   * @example navigator.clipboard.writeText(streamKey.value?.reveal() ?? '')
   */
  reveal(): string {
    return hidden.get(this) ?? '';
  }

  /**
   * Whether `other` is a Secret with the same value.
   * @example new Secret('a').equals(new Secret('a')) // true
   */
  equals(other: unknown): boolean {
    return other instanceof Secret && other.reveal() === this.reveal();
  }

  /**
   * `[redacted]`: what `JSON.stringify` writes for a secret.
   * @example JSON.stringify(new Secret('a')) // '"[redacted]"'
   */
  toJSON(): string {
    return '[redacted]';
  }

  /**
   * `[redacted]`: what string conversion gives for a secret.
   * @example `${new Secret('a')}` // '[redacted]'
   */
  toString(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}
