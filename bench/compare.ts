// Before/after on a noisy machine: two builds of the app run side by side on core 0 and the driver takes them
// in turns, in short slices, so both see the same background load. Prints the median server CPU per request.
//   node dist/.bench/bench/compare.js <before/dist/server.js> [<after/dist/server.js>] [--slices 10] [--users 50]
import path from 'node:path';
import { readSettings, runDriver, startApp, timedOptions, type Server } from './run';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? fallback : Number(argv[index + 1]);
  };
  const positional = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const builds = [positional[0], positional[1] ?? path.resolve(__dirname, '..', '..', 'server.js')].map((p) => path.resolve(p ?? ''));
  const slices = flag('slices', 10);
  const users = flag('users', 50);
  const settings = { ...readSettings([]), warmUpSeconds: 1 };
  const servers: Server[] = [];
  try {
    for (const serverJs of builds) servers.push(await startApp({ ...settings, serverJs }, {}, 0));
    const cpu: number[][] = builds.map(() => []);
    const rate: number[][] = builds.map(() => []);
    for (let slice = 0; slice < slices; slice++) {
      for (const [i, server] of servers.entries()) {
        const result = await runDriver(timedOptions(server, 'journey', users, 2, settings), 1);
        if (result.errors > 0 || result.leaks > 0) throw new Error(`${builds[i] ?? ''}: ${result.errors} errors, ${result.leaks} leaks`);
        cpu[i]?.push(result.serverCpuMicros / result.requests);
        rate[i]?.push(result.requests / result.seconds);
      }
    }
    for (const [i, build] of builds.entries()) {
      process.stdout.write(
        `${build}\n  median CPU ${median(cpu[i] ?? []).toFixed(1)} µs/request, lowest ${Math.min(...(cpu[i] ?? [])).toFixed(1)} (slices: ${(cpu[i] ?? []).map((c) => c.toFixed(0)).join(' ')}), median ${median(rate[i] ?? []).toFixed(0)} requests/s\n`,
      );
    }
    const ratio = median(cpu[1] ?? []) / median(cpu[0] ?? []);
    process.stdout.write(`second / first CPU per request: ${ratio.toFixed(2)}\n`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`compare failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
