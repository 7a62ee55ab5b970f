// Sums a .cpuprofile (from node --cpu-prof) by function and by package, to see where a request's time goes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, the app's own file, or node's internals. */
function owner(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1]) return match[1];
  if (url.includes('/dist/')) return `app:${url.slice(url.indexOf('/dist/') + 6)}`;
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native)' : url;
}

function top(map: Map<string, number>, total: number, count: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node profile-summary.js <file.cpuprofile> [inclusive-filter]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${owner(url)}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + micros);
  }
  // Native and node-internal time charged to the nearest package or app frame that called it (stat → send).
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const byCaller = new Map<string, number>();
  for (const [id, micros] of self) {
    let key = '(idle, gc, program)';
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const url = byId.get(at)?.callFrame.url ?? '';
      if (url === '' || url.startsWith('node:')) continue;
      key = owner(url);
      break;
    }
    byCaller.set(key, (byCaller.get(key) ?? 0) + micros);
  }
  process.stdout.write(`total sampled ${(total / 1000).toFixed(0)} ms\n\nself time by package/file:\n${top(byOwner, total, 25).join('\n')}\n`);
  process.stdout.write(`\ntime by package/file, node internals charged to their caller:\n${top(byCaller, total, 25).join('\n')}\n`);
  process.stdout.write(`\nself time by function:\n${top(byFunction, total, 40).join('\n')}\n`);
  // Inclusive time of functions whose name matches a filter (e.g. "render|touch|sign").
  const filter = process.argv[3];
  if (filter) {
    const pattern = new RegExp(filter);
    const parents = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
    const inclusive = new Map<string, number>();
    for (const [id, micros] of self) {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (!frame || !pattern.test(frame.functionName)) continue;
        const key = `${frame.functionName} ${owner(frame.url)}:${frame.lineNumber + 1}`;
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
      }
    }
    process.stdout.write(`\ninclusive time matching /${filter}/:\n${top(inclusive, total, 40).join('\n')}\n`);
  }
}

main();
