// Development only (`npm run dev` sets MEMORY_STORE_FILE): the embedded store's sessions saved to a file when the server
// stops and loaded when it starts, so a restart after a save keeps the visitor's place. Never used in production.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isSessionData } from './data';
import type { BoundedMemoryStore } from './memory-store';

/** Loads what `file` holds into `store`; a missing or unreadable file is an empty start. Returns how many were loaded. */
export function loadSnapshot(store: BoundedMemoryStore, file: string): number {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return 0;
  }
  if (!Array.isArray(saved)) return 0;
  let loaded = 0;
  for (const item of saved as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, record } = item as { id?: unknown; record?: unknown };
    if (typeof id === 'string' && isSessionData(record) && store.restore(id, record)) loaded++;
  }
  return loaded;
}

/** Writes every live session of `store` to `file` (through a temporary file, so a crash never leaves half a file). */
export function saveSnapshot(store: BoundedMemoryStore, file: string): number {
  const sessions = store.snapshot();
  writeFileSync(`${file}.tmp`, JSON.stringify(sessions));
  renameSync(`${file}.tmp`, file);
  return sessions.length;
}
