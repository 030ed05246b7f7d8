import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword, type ScryptParams } from './password.ts';

// Cheap parameters keep most cases fast; one case runs the defaults the product uses.
const FAST: ScryptParams = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password with the default parameters and says them in the hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
  });

  it('salts each hash: the same password hashes differently, and each verifies', async () => {
    const a = await hashPassword('同一个密码', FAST);
    const b = await hashPassword('同一个密码', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('同一个密码', a)).toBe(true);
    expect(await verifyPassword('同一个密码', b)).toBe(true);
  });

  it('reads the parameters from the hash, not from the defaults', async () => {
    const hash = await hashPassword('pw-with-other-params', { N: 2048, r: 4, p: 2 });
    expect(hash.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await verifyPassword('pw-with-other-params', hash)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['N not a power of two', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    [
      'N too large (a tampered hash must not exhaust memory)',
      'scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    ['a short key', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['missing fields', 'scrypt$1024$8$1'],
  ])('refuses a malformed hash (%s) instead of throwing', async (_name, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it('refuses a hash whose key was changed by one bit', async () => {
    const hash = await hashPassword('tamper', FAST);
    const parts = hash.split('$');
    const key = Buffer.from(parts[5]!, 'base64url');
    key[0] = key[0]! ^ 1;
    parts[5] = key.toString('base64url');
    expect(await verifyPassword('tamper', parts.join('$'))).toBe(false);
  });

  it('treats the full-width and half-width forms of a password alike (NFKC)', async () => {
    const hash = await hashPassword('Ｐａｓｓ１２３４５６', FAST);
    expect(await verifyPassword('Pass123456', hash)).toBe(true);
  });

  it('generates long, distinct passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
