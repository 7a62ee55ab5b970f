// The bench's command line: which runs replace the committed results in docs/ and which write nothing.
import { readSettings } from '../../bench/run';

describe('bench settings', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    delete process.env.BENCH_ONLY;
    delete process.env.BENCH_SECONDS;
    delete process.env.BENCH_LONG_SECONDS;
    delete process.env.BENCH_FLASK;
    delete process.env.BENCH_SLICES;
    delete process.env.BENCH_SLICE_SECONDS;
  });
  afterAll(() => {
    process.env = saved;
  });

  test('a full run writes docs/PERFORMANCE.md and docs/performance.json', () => {
    expect(readSettings([])).toMatchObject({ write: true, seconds: 20, longSeconds: 60 });
  });

  test('a --quick smoke run writes nothing', () => {
    expect(readSettings(['--quick'])).toMatchObject({ write: false, seconds: 5, warmUpSeconds: 1 });
  });

  test('a run of one scenario writes nothing, whether chosen by --only or BENCH_ONLY', () => {
    expect(readSettings(['--only', 'embedded-50']).write).toBe(false);
    process.env.BENCH_ONLY = 'redis';
    expect(readSettings([]).write).toBe(false);
  });

  test('--write asks for the results to be written, even from a quick run', () => {
    expect(readSettings(['--quick', '--write']).write).toBe(true);
    expect(readSettings(['--only', 'embedded-1', '--write']).write).toBe(true);
  });

  test('--no-write always wins', () => {
    expect(readSettings(['--no-write']).write).toBe(false);
    expect(readSettings(['--write', '--no-write']).write).toBe(false);
  });

  test('--seconds and --long-seconds set the durations', () => {
    expect(readSettings(['--seconds', '7', '--long-seconds', '9'])).toMatchObject({ seconds: 7, longSeconds: 9 });
  });

  test('the interleaved comparison alone, as a quick smoke, writes nothing and takes short turns', () => {
    expect(readSettings(['--quick', '--only', 'interleaved'])).toMatchObject({ write: false, only: 'interleaved', slices: 4, sliceSeconds: 2 });
    expect(readSettings([])).toMatchObject({ slices: 10, sliceSeconds: 3 });
  });

  test('the Flask lesson app is a floor unless --no-flask or BENCH_FLASK=off leaves it out', () => {
    expect(readSettings([]).flask).toBe(true);
    expect(readSettings(['--quick', '--only', 'interleaved']).flask).toBe(true);
    expect(readSettings(['--no-flask']).flask).toBe(false);
    process.env.BENCH_FLASK = 'off';
    expect(readSettings([]).flask).toBe(false);
  });
});
