import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.ts';

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'webhook:1:1', type: 'change', title: '可享受新政策：测试' });

  it('is sha256= and the hex HMAC-SHA256 of the raw body with the secret', () => {
    const expected = createHmac('sha256', 'a-secret-of-16-chars').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signWebhook('a-secret-of-16-chars', body)).toBe(`sha256=${expected}`);
    expect(signWebhook('a-secret-of-16-chars', Buffer.from(body))).toBe(`sha256=${expected}`);
  });

  it('verifies exactly the bytes signed with the same secret', () => {
    const header = signWebhook('a-secret-of-16-chars', body);
    expect(verifyWebhook('a-secret-of-16-chars', body, header)).toBe(true);
    expect(verifyWebhook('a-secret-of-16-chars', body, ` ${header} `)).toBe(true);
    expect(verifyWebhook('another-secret-16ch', body, header)).toBe(false);
    expect(verifyWebhook('a-secret-of-16-chars', body.replace('测试', '测验'), header)).toBe(false);
    expect(verifyWebhook('a-secret-of-16-chars', body, header.slice(0, -1))).toBe(false);
    expect(verifyWebhook('a-secret-of-16-chars', body, undefined)).toBe(false);
  });
});
