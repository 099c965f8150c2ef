const hidden = new WeakMap<Secret, string>();

/**
 * A secret value (stream key, SRT passphrase, participant token) as the store keeps it:
 * it prints, logs and serializes as `[redacted]`, and gives its value only to `reveal()`.
 * Two secrets with the same value are equal, so refreshes do not re-emit.
 */
export class Secret {
  constructor(value: string) {
    hidden.set(this, value);
    Object.freeze(this);
  }

  /** The value itself. Call it only where the secret is meant to go (a copy button, an encoder). */
  reveal(): string {
    return hidden.get(this) ?? '';
  }

  equals(other: unknown): boolean {
    return other instanceof Secret && other.reveal() === this.reveal();
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}
