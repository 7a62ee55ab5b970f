// One line per request on stdout: method, path, status, time. Never the query, the body or a cookie.
import type { RequestHandler } from 'express';

export function requestLogger(write: (line: string) => void = (line) => process.stdout.write(line)): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const path = req.originalUrl.split('?', 1)[0] ?? '';
      write(`method=${req.method} path=${JSON.stringify(path)} status=${res.statusCode} ms=${ms.toFixed(1)}\n`);
    });
    next();
  };
}
