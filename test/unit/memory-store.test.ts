// The embedded session store: its bound (least recently used go first), idle expiry, touch, destroy, copies.
import { Cookie, type SessionData } from 'express-session';
import { BoundedMemoryStore, entryBytes } from '../../src/session/memory-store';

function session(data: Partial<SessionData> = {}): SessionData {
  return { ...data, cookie: new Cookie() };
}

function storeWithClock(options: { ttlMs?: number; max?: number; maxBytes?: number } = {}) {
  let time = 1_000_000;
  const store = new BoundedMemoryStore({ ttlMs: options.ttlMs ?? 1000, max: options.max ?? 100, maxBytes: options.maxBytes, now: () => time });
  const advance = (ms: number) => (time += ms);
  const get = (sid: string) =>
    new Promise<SessionData | null | undefined>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err instanceof Error ? err : new Error('store error')) : resolve(s))));
  const set = (sid: string, s: SessionData) => new Promise<void>((resolve) => store.set(sid, s, () => resolve()));
  const touch = (sid: string) => new Promise<void>((resolve) => store.touch(sid, session(), () => resolve()));
  const destroy = (sid: string) => new Promise<void>((resolve) => store.destroy(sid, () => resolve()));
  const length = () => new Promise<number | undefined>((resolve) => store.length((_err, n) => resolve(n)));
  return { store, advance, get, set, touch, destroy, length };
}

describe('the bounded memory store', () => {
  it('drops the least recently used sessions once their memory passes maxBytes, however few they are', async () => {
    const big = session({ answers: { firstName: '🎨'.repeat(100), lastName: '李'.repeat(100) } });
    const one = entryBytes('s0', JSON.stringify(big));
    const s = storeWithClock({ max: 1000, maxBytes: one * 3 });
    for (let i = 0; i < 5; i++) await s.set(`s${i}`, big);
    expect(await s.length()).toBe(3);
    expect(await s.get('s1')).toBeUndefined();
    expect((await s.get('s2'))?.answers?.lastName).toBe('李'.repeat(100));
    // Replacing a session counts its new size, not both.
    await s.set('s4', session());
    await s.set('s5', big);
    await s.set('s6', session());
    expect(await s.get('s2')).toBeUndefined();
    expect(await s.length()).toBe(4);
  });

  it('counts a session beyond Latin-1 at two bytes a character, and one within it at one', () => {
    expect(entryBytes('id', '{"a":"José"}')).toBe(2 + 12 + 120);
    expect(entryBytes('id', '{"a":"李"}')).toBe(2 + 2 * 9 + 120);
  });

  it('frees the memory of destroyed sessions for others', async () => {
    const big = session({ answers: { firstName: 'x'.repeat(100) } });
    const s = storeWithClock({ max: 1000, maxBytes: entryBytes('s0', JSON.stringify(big)) * 2 });
    await s.set('s0', big);
    await s.set('s1', big);
    await s.destroy('s0');
    await s.set('s2', big);
    expect(await s.get('s1')).toBeDefined();
    expect(await s.get('s2')).toBeDefined();
  });

  it('gives back what was saved', async () => {
    const s = storeWithClock();
    await s.set('a', session({ answers: { firstName: 'José' } }));
    expect((await s.get('a'))?.answers).toEqual({ firstName: 'José' });
    expect(await s.get('unknown')).toBeUndefined();
  });

  it('hands out a copy, so changing it changes nothing stored until it is saved', async () => {
    const s = storeWithClock();
    await s.set('a', session({ answers: { firstName: 'Ada' } }));
    const copy = await s.get('a');
    if (copy?.answers) copy.answers.firstName = 'Mallory';
    expect((await s.get('a'))?.answers).toEqual({ firstName: 'Ada' });
  });

  it('never holds more sessions than its bound, dropping the least recently saved first', async () => {
    const s = storeWithClock({ max: 3 });
    for (const sid of ['a', 'b', 'c', 'd', 'e']) await s.set(sid, session());
    expect(await s.length()).toBe(3);
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('b')).toBeUndefined();
    expect(await s.get('e')).toBeDefined();
  });

  it('counts a touch as a use: a touched session outlives older untouched ones at the bound', async () => {
    const s = storeWithClock({ max: 3 });
    for (const sid of ['a', 'b', 'c']) await s.set(sid, session());
    await s.touch('a');
    await s.set('d', session());
    expect(await s.get('a')).toBeDefined();
    expect(await s.get('b')).toBeUndefined();
  });

  it('forgets a session left idle for longer than its TTL', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    await s.set('a', session());
    s.advance(999);
    expect(await s.get('a')).toBeDefined();
    s.advance(2);
    expect(await s.get('a')).toBeUndefined();
  });

  it('restarts the idle clock on touch, keeping the data as it was', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    await s.set('a', session({ answers: { firstName: 'Ada' } }));
    s.advance(800);
    await s.touch('a');
    s.advance(800);
    expect((await s.get('a'))?.answers).toEqual({ firstName: 'Ada' });
  });

  it('does not bring back an expired session on touch', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    await s.set('a', session());
    s.advance(1001);
    await s.touch('a');
    expect(await s.get('a')).toBeUndefined();
  });

  it('prunes expired sessions when new ones are saved, so idle ones do not pile up', async () => {
    const s = storeWithClock({ ttlMs: 1000 });
    for (const sid of ['a', 'b', 'c']) await s.set(sid, session());
    s.advance(1500);
    await s.set('d', session());
    expect(await s.length()).toBe(1);
  });

  it('forgets a destroyed session and leaves the others', async () => {
    const s = storeWithClock();
    await s.set('a', session());
    await s.set('b', session());
    await s.destroy('a');
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('b')).toBeDefined();
  });

  it('answers after the call returns, never during it', () => {
    const s = storeWithClock();
    let answered = false;
    s.store.get('a', () => (answered = true));
    expect(answered).toBe(false);
  });

  it('refuses a bound below one', () => {
    expect(() => new BoundedMemoryStore({ ttlMs: 1000, max: 0 })).toThrow(RangeError);
  });
});
