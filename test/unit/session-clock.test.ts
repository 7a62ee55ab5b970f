// The session clock's pure parts: its model (both ends, when to warn), durations in words, the safe return path, and
// SESSION_IDLE_MINUTES in fractions.
import { loadConfig } from '../../src/config';
import { leftText, localPath, sessionClock, warnBeforeMs } from '../../src/pages/session-clock';

const minute = 60_000;

describe('SESSION_IDLE_MINUTES', () => {
  test.each([
    ['0.5', 30_000],
    ['0.1', 6_000],
    ['1.5', 90_000],
    ['30', 30 * minute],
  ])('accepts %s (fractions, as SESSION_ABSOLUTE_MINUTES does)', (value, ms) => {
    expect(loadConfig({ SESSION_IDLE_MINUTES: value }).sessionIdleMs).toBe(ms);
  });

  test.each(['0', '-1', 'abc', '1e9', 'Infinity'])('refuses %s with a message naming it', (value) => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: value })).toThrow(/^SESSION_IDLE_MINUTES must be a number from/);
  });
});

describe('the clock of a session', () => {
  const base = { idleMs: 30 * minute, absoluteMs: 12 * 60 * minute, createdAt: 0, returnPath: '/page2' };

  test('ends idle one idle time after this request, and for good its absolute time after it began', () => {
    const clock = sessionClock({ ...base, now: 2 * 60 * minute });
    expect(clock.idleLeftMs).toBe(30 * minute);
    expect(clock.absoluteLeftMs).toBe(10 * 60 * minute);
    expect(clock.idleEnd).toEqual({ iso: new Date(2.5 * 60 * minute).toISOString(), text: 'in 30 minutes' });
    expect(clock.absoluteEnd).toEqual({ iso: new Date(12 * 60 * minute).toISOString(), text: 'in 10 hours' });
    expect(clock.extendable).toBe(true);
  });

  test('cannot be extended once the absolute end comes before the idle end', () => {
    const clock = sessionClock({ ...base, now: 12 * 60 * minute - 10 * minute });
    expect(clock.extendable).toBe(false);
    expect(clock.idleLeftMs).toBe(10 * minute);
    expect(clock.idleEnd.iso).toBe(clock.absoluteEnd.iso);
  });

  test('warns two minutes before the end, or halfway for idle times under four minutes', () => {
    expect(warnBeforeMs(30 * minute)).toBe(2 * minute);
    expect(warnBeforeMs(4 * minute)).toBe(2 * minute);
    expect(warnBeforeMs(3 * minute)).toBe(1.5 * minute);
    expect(warnBeforeMs(6_000)).toBe(3_000);
  });
});

test.each([
  [0, '0 seconds'],
  [1_000, '1 second'],
  [45_000, '45 seconds'],
  [60_000, '1 minute'],
  [65_000, '1 minute and 5 seconds'],
  [30 * minute, '30 minutes'],
  [60 * minute, '1 hour'],
  [11 * 60 * minute + 58 * minute, '11 hours and 58 minutes'],
  [12 * 60 * minute, '12 hours'],
])('%i ms left reads "%s"', (ms, text) => {
  expect(leftText(ms)).toBe(text);
});

test('a return path stays on this site', () => {
  expect(localPath('/order/check')).toBe('/order/check');
  expect(localPath('/page1?x=1')).toBe('/page1?x=1');
  for (const elsewhere of ['//evil.example', '/\\evil.example', 'https://evil.example', '', 'page1', '/a\nb', undefined, ['/page1'], '/' + 'a'.repeat(2001)]) {
    expect(localPath(elsewhere)).toBe('/');
  }
});
