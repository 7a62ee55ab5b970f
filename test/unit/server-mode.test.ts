// The signed session id in server mode: read back only when signed with one of the secrets, in constant time.
import { signedId, verifiedId } from '../../src/session/server-mode';

const id = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg';

describe('verifiedId', () => {
  test('reads back the id signedId signed', () => {
    expect(verifiedId(signedId(id, 'secret-one'), ['secret-one'])).toBe(id);
  });

  test('accepts every secret, in any order (rotation)', () => {
    expect(verifiedId(signedId(id, 'old'), ['new', 'old'])).toBe(id);
    expect(verifiedId(signedId(id, 'new'), ['new', 'old'])).toBe(id);
  });

  test('refuses anything else', () => {
    const good = signedId(id, 'secret-one');
    const dot = good.lastIndexOf('.');
    for (const value of [
      undefined,
      '',
      's:',
      's:.',
      id,
      good.slice(2), // without the "s:" prefix
      signedId(id, 'another-secret'),
      `s:${id}x${good.slice(dot)}`, // another id under the same signature
      good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'), // a changed signature
      `${good}=`, // padded
    ]) {
      expect([value, verifiedId(value, ['secret-one'])]).toEqual([value, undefined]);
    }
  });

  test('is the cookie format express-session wrote: "s:" + id + "." + base64 HMAC-SHA256 without padding', () => {
    expect(signedId('abc', 'k')).toMatch(/^s:abc\.[A-Za-z0-9+/]{43}$/);
  });
});
