// One-time notices kept in the session (src/session/notices.ts).
import { peekNotice, setNotice, takeNotice } from '../../src/session/notices';

test('a notice is shown once: taking it removes it, peeking does not', () => {
  const session = { id: 'test' };
  setNotice(session, 'expired');
  expect(peekNotice(session)).toBe('expired');
  expect(takeNotice(session)).toBe('expired');
  expect(takeNotice(session)).toBeUndefined();
});
