// Floor 2: plain node:http answering every request with a page of the same size as ours: the least a
// Node server can do per request.
import http from 'node:http';
import { floorPage, floorPort } from './page';

const page = Buffer.from(floorPage());
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    res.end(page);
  })
  .listen(floorPort(), () => process.stdout.write('floor listening\n'));
