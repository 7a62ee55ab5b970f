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
  /** The lowest RSS once the server was left idle with every session held, and after how many seconds. */
  settled?: { rssMB: number; afterSeconds: number };
  /** The Procfile's node flags the app ran with ('' for none). */
  nodeFlags?: string;
  /** The same, on Node's default heap sizing (run when the Procfile has flags: their price in memory). */
  nodeDefaults?: { rss: { sessions: number; rssMB: number }[]; errors: number; settled?: { rssMB: number; afterSeconds: number } };
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

export interface InterleavedSide {
  medianCpuMicros: number;
  /** CPU µs per request of each turn, in order. */
  turns: number[];
  medianRequestsPerSecond: number;
  /** For a server driven through journeys (ours, Flask's): completed journeys per second, median and each turn. */
  medianJourneysPerSecond?: number;
  journeyTurns?: number[];
}

/** The app, the bare-Express floor and the Flask lesson app driven in turns in one run (bench/run.ts interleavedFloor). */
export interface InterleavedResult {
  users: number;
  slices: number;
  sliceSeconds: number;
  pageBytes: number;
  app: InterleavedSide;
  floor: InterleavedSide;
  /** app / floor, of the median CPU per request. */
  ratio: number;
  /** The Flask lesson app under gunicorn (one sync worker), its own five-request journeys; absent when skipped. */
  flask?: InterleavedSide;
  /** Why the Flask app did not run (gunicorn or Flask missing, or --no-flask). */
  flaskSkipped?: string;
  /** app / Flask, of the median journeys per second. */
  journeyRatio?: number;
  errors: number;
  leaks: number;
}

/** Instructions per request under callgrind (bench/instructions.sh), one user. */
export interface InstructionsResult {
  warmJourneys: number;
  measuredJourneys: number;
  pageBytes?: number;
  /** The Procfile's node flags the app ran with ('' for none). */
  nodeFlags?: string;
  app?: number;
  floor?: number;
  /** The app on Node's default flags, when the Procfile has some (their price). */
  appNodeDefaults?: number;
  ratio?: number;
  skipped?: string;
}

export interface BenchReport {
  date: string;
  command: string;
  settings: { seconds: number; longSeconds: number; warmUpSeconds: number; appEnv?: Record<string, string> };
  machine: { nproc: number; cpuModel: string; node: string; loadAverage: number[]; loadAverageBefore?: number[] };
  scenarios: ScenarioResult[];
  interleaved?: InterleavedResult;
  instructions?: InstructionsResult;
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

// Issue 23's targets.
const FLASK_JOURNEYS_TARGET = 1.0;
const FLOOR_TIME_TARGET = 2.0;
const FLOOR_INSTRUCTIONS_TARGET = 1.6;

function targets(report: BenchReport): Target[] {
  const list: Target[] = [];
  const e1 = find(report, 'embedded-1');
  const e50 = find(report, 'embedded-50');
  const inter = report.interleaved;
  const flaskTarget = `journeys per second ≥ ${FLASK_JOURNEYS_TARGET.toFixed(1)}× the Flask lesson app's (50 users, interleaved)`;
  list.push(
    inter?.flask?.medianJourneysPerSecond !== undefined && inter.journeyRatio !== undefined
      ? {
          target: flaskTarget,
          measured: `${inter.app.medianJourneysPerSecond ?? '?'} vs ${inter.flask.medianJourneysPerSecond} journeys/s = ${inter.journeyRatio}×`,
          met: inter.journeyRatio >= FLASK_JOURNEYS_TARGET,
        }
      : { target: flaskTarget, measured: inter?.flaskSkipped !== undefined ? `skipped: ${inter.flaskSkipped}` : 'not run', met: undefined },
  );
  const floorTarget = (times: number) => `CPU per request ≤ ${times.toFixed(1)}× the bare-Express floor (50 users)`;
  list.push(
    inter && inter.ratio > 0
      ? {
          target: `${floorTarget(FLOOR_TIME_TARGET)}, by time, interleaved`,
          measured: `${inter.app.medianCpuMicros} µs vs ${inter.floor.medianCpuMicros} µs = ${inter.ratio}×`,
          met: inter.ratio <= FLOOR_TIME_TARGET,
        }
      : { target: `${floorTarget(FLOOR_TIME_TARGET)}, by time, interleaved`, measured: 'not run', met: undefined },
  );
  const ins = report.instructions;
  list.push(
    ins?.ratio !== undefined && ins.app !== undefined && ins.floor !== undefined
      ? {
          target: `${floorTarget(FLOOR_INSTRUCTIONS_TARGET)}, by instructions`,
          measured: `${mega(ins.app)} vs ${mega(ins.floor)} = ${ins.ratio}×`,
          met: ins.ratio <= FLOOR_INSTRUCTIONS_TARGET,
        }
      : { target: `${floorTarget(FLOOR_INSTRUCTIONS_TARGET)}, by instructions`, measured: `not counted: ${ins?.skipped ?? 'not run'}`, met: undefined },
  );
  if (e1?.latencyMs) list.push({ target: 'p99 at 1 user < 2 ms', measured: `${e1.latencyMs.p99} ms (p50 ${e1.latencyMs.p50} ms)`, met: e1.latencyMs.p99 < 2 });
  if (e50?.latencyMs) {
    const tail = e50.latencyMs.p99 / e50.latencyMs.p50;
    list.push({
      target: 'p99 ≤ 2.5× p50 at 50 users',
      measured: `p99 ${e50.latencyMs.p99} ms, p50 ${e50.latencyMs.p50} ms: ${tail.toFixed(2)}×`,
      met: tail <= 2.5,
    });
  }
  const memory = report.memory;
  const last = memory?.rss[memory.rss.length - 1];
  if (memory && last) {
    const flags = memory.nodeFlags ? `with \`${memory.nodeFlags}\`` : "on Node's default heap sizing";
    const idle = memory.settled;
    list.push({
      target: '100k idle sessions ≤ 150 MB resident once idle, and the bound holds',
      measured:
        `${last.sessions} sessions ${flags}: ${idle ? `${idle.rssMB} MB once idle (${last.rssMB} MB right after making them)` : `${last.rssMB} MB`}; ` +
        `bound ${memory.bound.bound}: ${memory.bound.holds ? 'holds' : 'broken'}`,
      met: last.sessions >= 100_000 && (idle?.rssMB ?? last.rssMB) <= 150 && memory.bound.holds,
    });
  }
  // Kept from issue 6: they still hold the app to account.
  if (e50?.latencyMs) {
    list.push({
      target: `0 errors, 0 leaks at 50 users over ${e50.seconds} s (issue 6)`,
      measured: `${e50.errors} errors, ${e50.leaks} leaks`,
      met: e50.errors === 0 && e50.leaks === 0,
    });
  }
  const r50 = find(report, 'redis-50');
  list.push(
    r50?.journeysPerSecond !== undefined && e50?.journeysPerSecond
      ? {
          target: 'Redis ≥ 0.7× the embedded store (journeys/s, 50 users; issue 6)',
          measured: `${(r50.journeysPerSecond / e50.journeysPerSecond).toFixed(2)}×`,
          met: r50.journeysPerSecond / e50.journeysPerSecond >= 0.7,
        }
      : { target: 'Redis ≥ 0.7× the embedded store (journeys/s, 50 users; issue 6)', measured: 'not run', met: undefined },
  );
  const one = find(report, 'redis-1worker-unpinned');
  const two = find(report, 'redis-2workers-unpinned');
  list.push(
    one?.journeysPerSecond && two?.journeysPerSecond !== undefined
      ? {
          target: 'two workers ≥ 1.5× one worker (Redis, unpinned; issue 6)',
          measured: `${(two.journeysPerSecond / one.journeysPerSecond).toFixed(2)}×`,
          met: two.journeysPerSecond / one.journeysPerSecond >= 1.5,
        }
      : { target: 'two workers ≥ 1.5× one worker (Redis, unpinned; issue 6)', measured: 'not run', met: undefined },
  );
  return list;
}

const mega = (instructions: number) => `${(instructions / 1e6).toFixed(2)} M`;

function interleavedSection(inter: InterleavedResult): string[] {
  const journeys = (side: InterleavedSide) =>
    side.medianJourneysPerSecond === undefined ? `${dash} | ${dash}` : `${side.medianJourneysPerSecond} | ${side.journeyTurns?.join(' ') ?? ''}`;
  const lines = [
    `## Against the floors, interleaved (${inter.users} users, core 0, driver on core 1)`,
    '',
    `The app (its seven-request journeys), the bare-Express floor (a ${inter.pageBytes}-byte page, the app's mean page size) and`,
    "the Flask lesson app (`bench/floors/flask_lesson.py` under gunicorn, one sync worker; its five-request journeys: `GET /page1`,",
    '`POST /page2`, `POST /page3`, `GET /startOver`, `GET /`) run side by side on core 0; the driver takes them in turns,',
    `${inter.slices} turns each of ${inter.sliceSeconds} s (after 1 s of warm-up per turn), so background load falls on all alike. The`,
    'figures are the medians of the turns.',
    '',
    '| server | CPU µs/request, median | each turn | requests/s, median | journeys/s, median | each turn |',
    '|---|---|---|---|---|---|',
    `| this app | ${inter.app.medianCpuMicros} | ${inter.app.turns.join(' ')} | ${inter.app.medianRequestsPerSecond} | ${journeys(inter.app)} |`,
    `| bare Express floor | ${inter.floor.medianCpuMicros} | ${inter.floor.turns.join(' ')} | ${inter.floor.medianRequestsPerSecond} | ${dash} | ${dash} |`,
  ];
  if (inter.flask) {
    const f = inter.flask;
    lines.push(`| the Flask lesson app | ${f.medianCpuMicros} | ${f.turns.join(' ')} | ${f.medianRequestsPerSecond} | ${journeys(f)} |`);
  }
  lines.push(
    '',
    `CPU per request: **${inter.ratio}×** the bare-Express floor (target ≤ ${FLOOR_TIME_TARGET.toFixed(1)}×).`,
    inter.journeyRatio !== undefined
      ? `Journeys per second: **${inter.journeyRatio}×** the Flask lesson app's (target ≥ ${FLASK_JOURNEYS_TARGET.toFixed(1)}×).`
      : `Journeys per second against the Flask lesson app: not measured (${inter.flaskSkipped ?? 'not run'}).`,
    `Errors ${inter.errors}, leaks ${inter.leaks}.`,
    '',
  );
  return lines;
}

function instructionsSection(ins: InstructionsResult): string[] {
  const lines = ['## Instructions per request (valgrind callgrind)', ''];
  if (ins.app === undefined || ins.floor === undefined) {
    lines.push(`Skipped: ${ins.skipped ?? 'not run'}.`, '');
    return lines;
  }
  lines.push(
    `\`bench/instructions.sh\`: the server runs under callgrind; one user does ${ins.warmJourneys} journeys of warm-up, the counters`,
    `are zeroed, it does ${ins.measuredJourneys} more, and the count is divided by their ${ins.measuredJourneys * 7} requests (the floor: ${ins.measuredJourneys * 7}`,
    `GETs of a ${ins.pageBytes ?? '?'}-byte page after ${ins.warmJourneys * 7}). Every thread counts (garbage collection and JIT compilation included).`,
    'Load does not change a count, so this is the steady measure on a shared machine.',
    '',
    '| server | instructions per request |',
    '|---|---|',
    `| this app${ins.nodeFlags ? ` (\`${ins.nodeFlags}\`, as the Procfile)` : ''} | ${mega(ins.app)} |`,
  );
  if (ins.appNodeDefaults !== undefined) lines.push(`| this app, Node's default flags | ${mega(ins.appNodeDefaults)} |`);
  lines.push(`| bare Express floor | ${mega(ins.floor)} |`, '', `Ratio: **${ins.ratio}×** the floor (target ≤ ${FLOOR_INSTRUCTIONS_TARGET.toFixed(1)}×).`, '');
  return lines;
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
    `The app runs as shipped (CSRF, security headers, the log line, the session inspector, the session store), except`,
    `\`NEW_SESSIONS_PER_MINUTE=${report.settings.appEnv?.NEW_SESSIONS_PER_MINUTE ?? '0'}\`: the per-address limit on new sessions is off, since the one driver address`,
    'makes thousands of sessions a minute.',
    '',
    '| scenario | setup | journeys/s | requests/s | p50 ms | p90 ms | p99 ms | errors | leaks | server CPU µs/request |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...report.scenarios.map(row),
    '',
  ];
  const e50 = find(report, 'embedded-50');
  const floors = ['floor-express-50', 'floor-http-50'].map((name) => find(report, name)).filter((f) => f !== undefined);
  if (report.interleaved) lines.push(...interleavedSection(report.interleaved));
  if (report.instructions) lines.push(...instructionsSection(report.instructions));
  if (e50?.cpuMicrosPerRequest !== undefined && floors.length > 0) {
    lines.push('## Against the floors, run one after the other (same core, 50 users)', '', 'Each from its own scenario above, minutes apart: the interleaved figure is the one to trust.', '');
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
    const shipped = mem.nodeFlags ? `\`${mem.nodeFlags}\` (the Procfile's)` : "Node's defaults (the Procfile's)";
    lines.push(
      '## Memory (embedded store)',
      '',
      'Idle sessions, each with page 1 answered, made by 50 users at once; resident size 1 s after the last one.',
      '',
      mem.nodeDefaults ? `| idle sessions | resident MB, ${shipped} | resident MB, Node's defaults |` : `| idle sessions | resident (VmRSS) MB, ${shipped} |`,
      mem.nodeDefaults ? '|---|---|---|' : '|---|---|',
    );
    for (const [i, r] of mem.rss.entries()) lines.push(mem.nodeDefaults ? `| ${r.sessions} | ${r.rssMB} | ${mem.nodeDefaults.rss[i]?.rssMB ?? dash} |` : `| ${r.sessions} | ${r.rssMB} |`);
    const last = mem.rss[mem.rss.length - 1];
    const settledText = (s: MemoryResult['settled']) => (s === undefined ? dash : `${s.rssMB} (after ${s.afterSeconds} s)`);
    if (mem.settled && last) {
      lines.push(
        mem.nodeDefaults
          ? `| ${last.sessions}, then left idle | ${settledText(mem.settled)} | ${settledText(mem.nodeDefaults.settled)} |`
          : `| ${last.sessions}, then left idle | ${settledText(mem.settled)} |`,
      );
    }
    lines.push(
      '',
      'Right after the burst the heap is as large as making the sessions grew it (mostly garbage from the requests); left',
      "idle, V8's memory reducer collects and gives it back within a minute or so: the last row is the lowest resident size",
      'seen then, with every session still held.',
    );
    const b = mem.bound;
    lines.push(
      '',
      `Errors while making sessions: ${mem.errors}.`,
      '',
      `The bound: with \`MEMORY_STORE_MAX_SESSIONS=${b.bound}\`, ${b.made} sessions made; of the newest ${b.newestChecked} (checked), ${b.newestHeld} are held; of ${b.olderChecked} older ones, ${b.olderHeld} are held. Resident ${b.rssAtBoundMB} MB at ${b.bound} sessions, ${b.rssAfterMB} MB after ${b.made}: **${b.holds ? 'the bound holds' : 'the bound is broken'}**.`,
      '',
    );
  }
  lines.push('## Targets (issue 23, then those kept from issue 6)', '', '| target | measured | met |', '|---|---|---|');
  for (const t of targets(report)) lines.push(`| ${t.target} | ${t.measured} | ${t.met === undefined ? 'not run' : t.met ? 'yes' : '**no**'} |`);
  lines.push('');
  if (notes.trim() !== '') lines.push(notes.trim(), '');
  return lines.join('\n');
}
