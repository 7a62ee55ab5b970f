// Floor 1: a bare Express app answering every GET with a page of the same size as ours: no session, no
// template, no headers beyond Express's own. Our CPU per request is reported as a multiple of this.
import express from 'express';
import { floorPage, floorPort } from './page';

const page = floorPage();
const app = express();
app.get('/{*rest}', (_req, res) => {
  res.type('html').send(page);
});
app.listen(floorPort(), () => process.stdout.write('floor listening\n'));
