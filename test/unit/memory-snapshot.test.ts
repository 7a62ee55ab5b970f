// The development snapshot of the embedded store (npm run dev): sessions saved on stop come back on start, ended ones
// do not, a missing or broken file is an empty start, and production refuses the setting.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { BoundedMemoryStore } from '../../src/session/memory-store';
import { loadSnapshot, saveSnapshot } from '../../src/session/memory-snapshot';
import { createMemorySessionStore } from '../../src/session/stores';

const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (version: number, createdAt = Date.now()) => ({ journeys: { lesson: { firstName: 'Ada' } }, createdAt, version });

test('sessions saved when the store closes are there when a new one starts on the same file', async () => {
  const file = path.join(dir, 'sessions.json');
  const settings = { ...loadConfig({ NODE_ENV: 'development' }), memoryStoreFile: file };
  const before = createMemorySessionStore(settings);
  await before.records.set('abc', record(1));
  await before.records.set('abc', record(2));
  await before.close();
  const after = createMemorySessionStore(settings);
  expect(await after.records.get('abc')).toEqual(record(2, (await after.records.get('abc'))!.createdAt));
  expect((await after.records.get('abc'))!.version).toBe(2);
  expect(await after.records.set('abc', record(3))).toBe(true); // compare-and-set goes on from the saved version
});

test('a session past its absolute lifetime is not loaded; a missing or broken file is an empty start', () => {
  const file = path.join(dir, 'old.json');
  const store = new BoundedMemoryStore({ ttlMs: 60_000, absoluteMs: 1000, max: 10 });
  writeFileSync(file, JSON.stringify([{ id: 'old', record: record(1, Date.now() - 5000) }, { id: 'new', record: record(1) }, { id: 7 }]));
  expect(loadSnapshot(store, file)).toBe(1);
  expect(store.size).toBe(1);
  writeFileSync(file, '{not json');
  expect(loadSnapshot(new BoundedMemoryStore({ ttlMs: 60_000, max: 10 }), file)).toBe(0);
  expect(loadSnapshot(new BoundedMemoryStore({ ttlMs: 60_000, max: 10 }), path.join(dir, 'none.json'))).toBe(0);
  expect(saveSnapshot(store, file)).toBe(1);
});

test('MEMORY_STORE_FILE is refused in production', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123', MEMORY_STORE_FILE: 'x.json' })).toThrow(
    /^MEMORY_STORE_FILE is for development only/,
  );
  expect(loadConfig({ MEMORY_STORE_FILE: 'x.json' }).memoryStoreFile).toBe('x.json');
});
