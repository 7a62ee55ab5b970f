// One line per request on stdout: method, path, status, time. Never the query, the body, a cookie or a receipt's token.
import type { RequestHandler } from 'express';

export function requestLogger(write: (line: string) => void = batchedStdout()): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // A receipt's token is a working link to its answers for 30 days (docs/TRUST.md): never written to a log.
      const path = (req.originalUrl.split('?', 1)[0] ?? '').replace(/^\/receipts\/.+/, '/receipts/<token>');
      write(`method=${req.method} path=${JSON.stringify(path)} status=${res.statusCode} ms=${ms.toFixed(1)}\n`);
    });
    next();
  };
}

/** Past this many characters the buffer goes out at once, so a burst never holds much in memory. */
const FLUSH_AT = 64 * 1024;

/**
 * Writes to stdout, but the lines of one turn of the event loop go out together, in one write. Stdout to a
 * pipe or file is a blocking system call per write in Node, and under load that call cost more than the
 * rest of the logging. Every line is still written, at the latest when the turn ends or the process exits.
 */
export function batchedStdout(out: { write(text: string): unknown } = process.stdout): (line: string) => void {
  let buffer = '';
  const flush = () => {
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    out.write(text);
  };
  process.on('exit', flush); // stdout writes are synchronous for pipes and files, so this lands before exit
  return (line) => {
    if (buffer === '') setImmediate(flush);
    buffer += line;
    if (buffer.length >= FLUSH_AT) flush();
  };
}
