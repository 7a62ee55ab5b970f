// The request log's batching: every line is written, in order, with one write per turn of the event loop.
import { batchedStdout } from '../../src/http/logger';

describe('the batched request log', () => {
  it('writes the lines of one turn together, in order, once the turn ends', async () => {
    const writes: string[] = [];
    const write = batchedStdout({ write: (text: string) => writes.push(text) });
    write('one\n');
    write('two\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['one\ntwo\n']);
    write('three\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('writes at once when a burst grows large, losing nothing', async () => {
    const writes: string[] = [];
    const write = batchedStdout({ write: (text: string) => writes.push(text) });
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 100; i++) write(line);
    expect(writes.length).toBeGreaterThan(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.join('')).toBe(line.repeat(100));
  });
});
