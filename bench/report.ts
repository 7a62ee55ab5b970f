// The bench's results as data, and as the markdown of docs/PERFORMANCE.md (table, floors, memory, targets).

export interface ScenarioResult {
  name: string;
  description: string;
  /** Set when the scenario could not run on this build; then there are no figures. */
  skipped?: string;
  users?: number;
  seconds?: number;
  journeysPerSecond?: number;
  requestsPerSecond?: number;
  latencyMs?: { p50: number; p90: number; p99: number; max: number };
  errors?: number;
  leaks?: number;
  errorSamples?: string[];
  cpuMicrosPerRequest?: number;
  meanPageBytes?: number;
  /** Request-log lines the server wrote during the run (one per request). */
  logLines?: number;
}

export interface MemoryResult {
  rss: { sessions: number; rssMB: number }[];
  errors: number;
  bound: {
    bound: number;
    made: number;
    newestChecked: number;
    newestHeld: number;
    olderChecked: number;
    olderHeld: number;
    rssAtBoundMB: number;
    rssAfterMB: number;
    holds: boolean;
  };
}

export interface BenchReport {
  date: string;
  command: string;
  settings: { seconds: number; longSeconds: number; warmUpSeconds: number };
  machine: { nproc: number; cpuModel: string; node: string; loadAverage: number[]; loadAverageBefore?: number[] };
  scenarios: ScenarioResult[];
  memory: MemoryResult | undefined;
}

const dash = '–';

function row(s: ScenarioResult): string {
  if (s.skipped !== undefined) return `| ${s.name} | ${s.description} | skipped: ${s.skipped} | | | | | | | |`;
  const l = s.latencyMs;
  return `| ${s.name} | ${s.description} | ${s.journeysPerSecond ?? dash} | ${s.requestsPerSecond ?? dash} | ${l?.p50 ?? dash} | ${l?.p90 ?? dash} | ${l?.p99 ?? dash} | ${s.errors ?? dash} | ${s.leaks ?? dash} | ${s.cpuMicrosPerRequest ?? dash} |`;
}

const find = (report: BenchReport, name: string) => report.scenarios.find((s) => s.name === name && s.skipped === undefined);

interface Target {
  target: string;
  measured: string;
  met: boolean | undefined;
}

function targets(report: BenchReport): Target[] {
  const list: Target[] = [];
  const e10 = find(report, 'embedded-10');
  const e50 = find(report, 'embedded-50');
  const floor = find(report, 'floor-express-50');
  if (e50?.cpuMicrosPerRequest !== undefined && floor?.cpuMicrosPerRequest) {
    const ratio = e50.cpuMicrosPerRequest / floor.cpuMicrosPerRequest;
    list.push({
      target: 'CPU per request ≤ 1.5× the bare-Express floor (50 users, pinned)',
      measured: `${e50.cpuMicrosPerRequest} µs vs ${floor.cpuMicrosPerRequest} µs = ${ratio.toFixed(2)}×`,
      met: ratio <= 1.5,
    });
  }
  if (e10?.latencyMs) list.push({ target: 'p99 at 10 users < 5 ms', measured: `${e10.latencyMs.p99} ms`, met: e10.latencyMs.p99 < 5 });
  if (e50?.latencyMs) {
    list.push({ target: 'p99 at 50 users < 15 ms', measured: `${e50.latencyMs.p99} ms`, met: e50.latencyMs.p99 < 15 });
    list.push({
      target: `0 errors, 0 leaks at 50 users over ${e50.seconds} s`,
      measured: `${e50.errors} errors, ${e50.leaks} leaks`,
      met: e50.errors === 0 && e50.leaks === 0,
    });
  }
  const r50 = find(report, 'redis-50');
  list.push(
    r50?.journeysPerSecond !== undefined && e50?.journeysPerSecond
      ? {
          target: 'Redis ≥ 0.7× the embedded store (journeys/s, 50 users)',
          measured: `${(r50.journeysPerSecond / e50.journeysPerSecond).toFixed(2)}×`,
          met: r50.journeysPerSecond / e50.journeysPerSecond >= 0.7,
        }
      : { target: 'Redis ≥ 0.7× the embedded store (journeys/s, 50 users)', measured: 'not run: this build has no Redis store', met: undefined },
  );
  const one = find(report, 'redis-1worker-unpinned');
  const two = find(report, 'redis-2workers-unpinned');
  list.push(
    one?.journeysPerSecond && two?.journeysPerSecond !== undefined
      ? {
          target: 'two workers ≥ 1.5× one worker (Redis, unpinned)',
          measured: `${(two.journeysPerSecond / one.journeysPerSecond).toFixed(2)}×`,
          met: two.journeysPerSecond / one.journeysPerSecond >= 1.5,
        }
      : { target: 'two workers ≥ 1.5× one worker (Redis, unpinned)', measured: 'not run: this build has no Redis store / workers', met: undefined },
  );
  const memory = report.memory;
  const last = memory?.rss[memory.rss.length - 1];
  if (memory && last) {
    list.push({
      target: '100k idle sessions < 150 MB resident, and the bound holds',
      measured: `${last.sessions} sessions: ${last.rssMB} MB; bound ${memory.bound.bound}: ${memory.bound.holds ? 'holds' : 'broken'}`,
      met: last.sessions >= 100_000 && last.rssMB < 150 && memory.bound.holds,
    });
  }
  return list;
}

export function renderMarkdown(report: BenchReport, notes: string): string {
  const m = report.machine;
  const lines = [
    '# Performance',
    '',
    'Produced by `npm run bench` (bench/run.ts); the figures below are from the run described here.',
    '',
    `- date: ${report.date}`,
    `- command: \`${report.command}\` (scenarios ${report.settings.seconds} s each, the 50-user embedded run ${report.settings.longSeconds} s, after ${report.settings.warmUpSeconds} s of warm-up)`,
    `- machine: ${m.nproc} cores, ${m.cpuModel}, Node ${m.node}; load average before ${m.loadAverageBefore?.join(' ') ?? '?'}, after ${m.loadAverage.join(' ')}`,
    '',
    'A journey is seven requests (`GET /`, `GET /page1`, `POST /page1`, `GET /page2`, `POST /page2`, `GET /page3`,',
    '`POST /start-over`) by one virtual user with its own cookie jar and keep-alive connection, every reply checked.',
    'Latency is per request. CPU is the server process\'s user+system time (from /proc) over the measured window,',
    'divided by the requests in it.',
    '',
    '| scenario | setup | journeys/s | requests/s | p50 ms | p90 ms | p99 ms | errors | leaks | server CPU µs/request |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...report.scenarios.map(row),
    '',
  ];
  const e50 = find(report, 'embedded-50');
  const floors = ['floor-express-50', 'floor-http-50'].map((name) => find(report, name)).filter((f) => f !== undefined);
  if (e50?.cpuMicrosPerRequest !== undefined && floors.length > 0) {
    lines.push('## Against the floors (same core, 50 users)', '');
    for (const floor of floors) {
      if (!floor.cpuMicrosPerRequest) continue;
      lines.push(
        `- ${floor.description}: ${floor.cpuMicrosPerRequest} µs/request; ours ${e50.cpuMicrosPerRequest} µs = **${(e50.cpuMicrosPerRequest / floor.cpuMicrosPerRequest).toFixed(2)}×**`,
      );
    }
    lines.push('');
  }
  if (report.memory) {
    const mem = report.memory;
    lines.push('## Memory (embedded store)', '', '| idle sessions | resident (VmRSS) MB |', '|---|---|');
    for (const r of mem.rss) lines.push(`| ${r.sessions} | ${r.rssMB} |`);
    const b = mem.bound;
    lines.push(
      '',
      `Errors while making sessions: ${mem.errors}.`,
      '',
      `The bound: with \`MEMORY_STORE_MAX_SESSIONS=${b.bound}\`, ${b.made} sessions made; of the newest ${b.newestChecked} (checked), ${b.newestHeld} are held; of ${b.olderChecked} older ones, ${b.olderHeld} are held. Resident ${b.rssAtBoundMB} MB at ${b.bound} sessions, ${b.rssAfterMB} MB after ${b.made}: **${b.holds ? 'the bound holds' : 'the bound is broken'}**.`,
      '',
    );
  }
  lines.push('## Targets (from issue 6)', '', '| target | measured | met |', '|---|---|---|');
  for (const t of targets(report)) lines.push(`| ${t.target} | ${t.measured} | ${t.met === undefined ? 'not run' : t.met ? 'yes' : '**no**'} |`);
  lines.push('');
  if (notes.trim() !== '') lines.push(notes.trim(), '');
  return lines.join('\n');
}
