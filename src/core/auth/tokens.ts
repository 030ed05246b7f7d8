import { createHash, randomBytes } from 'node:crypto';

// Session and API tokens are 32 random bytes. Only their SHA-256 is stored: a leaked database does not let anyone
// sign in, and a plain hash (not scrypt) is enough because 256 random bits cannot be guessed.

/** A new secret token, base64url; `prefix` marks what it is for (API tokens start with "zhida_"). */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The SHA-256 of a token, hex: what the database keeps and looks up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
