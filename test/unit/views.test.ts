// Each page is compiled once with its partials written in (src/pages/views.ts): the HTML must be exactly what EJS
// makes of the same view with its includes. The app renders every view through both, with the data of real
// requests (both journeys, a form sent back with errors, notices, how-it-works, error pages), and they must agree.
import path from 'node:path';
import { renderFile } from 'ejs';
import { compileView, inlinePartials } from '../../src/pages/views';
import { closeApps, csrfFrom, testApp } from '../support/app';
import { Visitor } from '../support/visitor';

afterAll(closeApps);

const viewsDir = path.join(__dirname, '..', '..', 'views');

test('every view: the same HTML as EJS with its includes, on real requests', async () => {
  const app = testApp();
  const rendered = new Map<string, number>();
  const differing: string[] = [];
  app.engine('ejs', (file, data, callback) => {
    let ours: string;
    try {
      ours = compileView(file)(data);
    } catch (err) {
      callback(err);
      return;
    }
    renderFile(file, data, { root: viewsDir, cache: false }, (err, theirs) => {
      if (err) {
        callback(err);
        return;
      }
      const view = path.basename(file, '.ejs');
      rendered.set(view, (rendered.get(view) ?? 0) + 1);
      if (ours !== theirs) differing.push(view);
      callback(null, ours);
    });
  });

  const visitor = new Visitor();
  const ok = async (res: Promise<{ status: number }>, status: number) => expect((await res).status).toBe(status);
  await ok(visitor.get(app, '/'), 200);
  await ok(visitor.get(app, '/how-it-works'), 200);
  await ok(visitor.submit(app, '/page1', { firstName: '<Ada> & "co"', lastName: '' }), 422);
  await ok(visitor.submit(app, '/page1', { firstName: '<Ada> & "co"', lastName: "O'Lovelace" }), 303);
  await ok(visitor.submit(app, '/page2', { favoriteColor: 'teal' }), 303);
  await ok(visitor.get(app, '/page3'), 200);
  await ok(visitor.submit(app, '/order/size', { size: 'small' }), 303);
  await ok(visitor.submit(app, '/order/toppings', { toppings: 'olives' }), 303);
  await ok(visitor.submit(app, '/order/quantity', { quantity: 'two' }), 422);
  await ok(visitor.submit(app, '/order/quantity', { quantity: '2' }), 303);
  await ok(visitor.submit(app, '/order/delivery', { method: 'collection' }), 303);
  const check = await visitor.get(app, '/order/check');
  expect(check.status).toBe(200);
  await ok(visitor.post(app, '/order/check', { _csrf: csrfFrom(check.text) }), 303);
  await ok(visitor.get(app, '/order/done'), 200);
  await ok(visitor.get(app, '/how-it-works'), 200);
  await ok(visitor.get(app, '/nothing-here'), 404);
  await ok(visitor.post(app, '/page1', { firstName: 'A', lastName: 'B', _csrf: 'wrong' }), 403);
  const page3 = await visitor.get(app, '/page3');
  await ok(visitor.post(app, '/start-over', { _csrf: csrfFrom(page3.text) }), 303);
  await ok(visitor.get(app, '/'), 200); // with the "you started over" notice

  expect(differing).toEqual([]);
  expect([...rendered.keys()].sort()).toEqual(['check', 'done', 'error', 'home', 'how-it-works', 'step']);
}, 30_000); // renders every page of every journey over HTTP: seconds on a busy machine

test('refuses an include of a partial it cannot write in as it is', () => {
  expect(() => inlinePartials("<%- include('/partials/notice', { notice: other }) %>")).toThrow(/renames notice/);
  expect(() => inlinePartials("<%- include('/partials/notice', locals) %>")).toThrow(/could not be written in/);
});
