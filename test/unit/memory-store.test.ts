// The embedded session store: compare-and-set writes, its bounds (least recently used go first), both clocks, touch, destroy, copies.
import { BoundedMemoryStore, entryBytes } from '../../src/session/memory-store';
import type { SessionData } from '../../src/session/data';

const START = 1_000_000;

function record(lesson: Record<string, string> = {}, version = 1, createdAt = START): SessionData {
  return { journeys: { lesson }, createdAt, version };
}

function storeWithClock(options: { ttlMs?: number; absoluteMs?: number; max?: number; maxBytes?: number } = {}) {
  let time = START;
  const store = new BoundedMemoryStore({ ttlMs: options.ttlMs ?? 1000, absoluteMs: options.absoluteMs, max: options.max ?? 100, maxBytes: options.maxBytes, now: () => time });
  const advance = (ms: number) => (time += ms);
  /** Writes `lesson` over whatever is stored, as the session module would (the next version). */
  const put = async (sid: string, lesson: Record<string, string> = {}) => {
    const current = await store.get(sid);
    expect(await store.set(sid, record(lesson, (current?.version ?? 0) + 1, current?.createdAt ?? START))).toBe(true);
  };
  return { store, advance, put, get: (sid: string) => store.get(sid) };
}

describe('the bounded memory store', () => {
  it('creates only where nothing is stored, and replaces only the version a change was based on', async () => {
    const s = storeWithClock();
    expect(await s.store.set('a', record({ firstName: 'Ada' }, 1))).toBe(true);
    expect(await s.store.set('a', record({ firstName: 'Other' }, 1))).toBe(false); // create-only
    expect(await s.store.set('a', record({ firstName: 'Ada', lastName: 'L' }, 2))).toBe(true);
    expect(await s.store.set('a', record({ firstName: 'Stale' }, 2))).toBe(false); // based on version 1: a conflict
    expect(await s.store.set('a', record({ firstName: 'Skip' }, 5))).toBe(false);
    expect((await s.get('a'))?.journeys.lesson).toEqual({ firstName: 'Ada', lastName: 'L' });
  });

  it('never re-creates a destroyed session through a write based on it', async () => {
    const s = storeWithClock();
    await s.put('a', { firstName: 'Ada' });
    await s.store.destroy('a');
    expect(await s.store.set('a', record({ firstName: 'Ada', favoriteColor: 'teal' }, 2))).toBe(false);
    expect(await s.get('a')).toBeUndefined();
    expect(s.store.size).toBe(0);
  });

  it('drops the least recently used sessions once their memory passes maxBytes, however few they are', async () => {
    const big = { firstName: '🎨'.repeat(100), lastName: '李'.repeat(100) };
    const one = entryBytes('s0', JSON.stringify(record(big)));
    const s = storeWithClock({ max: 1000, maxBytes: one * 3 });
    for (let i = 0; i < 5; i++) await s.put(`s${i}`, big);
    expect(s.store.size).toBe(3);
    expect(await s.get('s1')).toBeUndefined();
    expect((await s.get('s2'))?.journeys.lesson?.lastName).toBe('李'.repeat(100));
    // Replacing a session counts its new size, not both.
    await s.put('s4');
    await s.put('s5', big);
    await s.put('s6');
    expect(await s.get('s2')).toBeUndefined();
    expect(s.store.size).toBe(4);
  });

  it('counts a session beyond Latin-1 at two bytes a character, and one within it at one', () => {
    expect(entryBytes('id', '{"a":"José"}')).toBe(2 + 12 + 120);
    expect(entryBytes('id', '{"a":"李"}')).toBe(2 + 2 * 9 + 120);
  });

  it('frees the memory of destroyed sessions for others', async () => {
    const big = { firstName: 'x'.repeat(100) };
    const s = storeWithClock({ max: 1000, maxBytes: entryBytes('s0', JSON.stringify(record(big))) * 2 });
    await s.put('s0', big);
    await s.put('s1', big);
    await s.store.destroy('s0');
    await s.put('s2', big);
    expect(await s.get('s1')).toBeDefined();
    expect(await s.get('s2')).toBeDefined();
  });

  it('gives back what was saved, and hands out a copy', async () => {
    const s = storeWithClock();
    await s.put('a', { firstName: 'José' });
    const copy = await s.get('a');
    expect(copy?.journeys.lesson).toEqual({ firstName: 'José' });
    if (copy) copy.journeys.lesson = { firstName: 'Mallory' };
    expect((await s.get('a'))?.journeys.lesson).toEqual({ firstName: 'José' });
    expect(await s.get('unknown')).toBeUndefined();
  });

  it('never holds more sessions than its bound, dropping the least recently saved first', async () => {
    const s = storeWithClock({ max: 3 });
    for (const sid of ['a', 'b', 'c', 'd', 'e']) await s.put(sid);
    expect(s.store.size).toBe(3);
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('b')).toBeUndefined();
    expect(await s.get('e')).toBeDefined();
  });

  it('counts a touch as a use: a touched session outlives older untouched ones at the bound', async () => {
    const s = storeWithClock({ max: 3 });
    for (const sid of ['a', 'b', 'c']) await s.put(sid);
    await s.store.touch('a');
    await s.put('d');
    expect(await s.get('a')).toBeDefined();
    expect(await s.get('b')).toBeUndefined();
  });

  it('forgets a session left idle for longer than its TTL', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    await s.put('a');
    s.advance(999);
    expect(await s.get('a')).toBeDefined();
    s.advance(2);
    expect(await s.get('a')).toBeUndefined();
  });

  it('restarts the idle clock on touch, keeping the data as it was', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    await s.put('a', { firstName: 'Ada' });
    s.advance(800);
    await s.store.touch('a');
    s.advance(800);
    expect((await s.get('a'))?.journeys.lesson).toEqual({ firstName: 'Ada' });
  });

  it('ends a session at its absolute lifetime, however recently it was touched or changed', async () => {
    const s = storeWithClock({ ttlMs: 1000, absoluteMs: 2500 });
    await s.put('a', { firstName: 'Ada' });
    for (let i = 0; i < 4; i++) {
      s.advance(600);
      await s.store.touch('a');
    }
    s.advance(50); // 2,450 ms after it began
    await s.put('a', { firstName: 'Ada', lastName: 'L' });
    expect(await s.get('a')).toBeDefined();
    s.advance(60); // 2,510 ms
    expect(await s.get('a')).toBeUndefined();
    expect(await s.store.set('a', record({}, 1, START))).toBe(false); // a record past its end is never written
  });

  it('does not bring back an expired or destroyed session on touch', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    await s.put('a');
    s.advance(1001);
    await s.store.touch('a');
    expect(await s.get('a')).toBeUndefined();
    await s.put('b');
    await s.store.destroy('b');
    await s.store.touch('b');
    expect(await s.get('b')).toBeUndefined();
    expect(s.store.size).toBe(0);
  });

  it('prunes expired sessions when new ones are saved, so idle ones do not pile up', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    for (const sid of ['a', 'b', 'c']) await s.put(sid);
    s.advance(1500);
    await s.put('d');
    expect(s.store.size).toBe(1);
  });

  it('forgets a destroyed session and leaves the others', async () => {
    const s = storeWithClock();
    await s.put('a');
    await s.put('b');
    await s.store.destroy('a');
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('b')).toBeDefined();
  });

  it('refuses a bound below one', () => {
    expect(() => new BoundedMemoryStore({ ttlMs: 1000, max: 0 })).toThrow(RangeError);
  });
});
