// Each page is compiled once with its partials written in (src/pages/views.ts): the HTML must be exactly what EJS
// makes of the same view with its includes. The app renders every view through both, with the data of real
// requests (both journeys, a form sent back with errors, notices, how-it-works, error pages), and they must agree.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderFile } from 'ejs';
import { inlinePartials, viewRenderer } from '../../src/pages/views';
import { closeApps, csrfFrom, testApp } from '../support/app';
import { Visitor } from '../support/visitor';

afterAll(closeApps);

const viewsDir = path.join(__dirname, '..', '..', 'views');

test('every view: the same HTML as EJS with its includes, on real requests', async () => {
  const app = testApp();
  const render = viewRenderer(true); // as in production: each set of names compiled once and kept
  const rendered = new Map<string, number>();
  const differing: string[] = [];
  app.engine('ejs', (file, data, callback) => {
    let ours: string;
    try {
      ours = render(file, data);
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

describe('a view reads its data as variables (no `with`)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'views-'));
  const view = (name: string, text: string): string => {
    const file = path.join(dir, `${name}.ejs`);
    writeFileSync(file, text);
    return file;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([true, false])('each set of names gets its own function (cache %s)', (cache) => {
    const render = viewRenderer(cache);
    const file = view(`sets-${String(cache)}`, "<%= a %>,<%= typeof b === 'undefined' ? '-' : b %>");
    expect(render(file, { a: 1 })).toBe('1,-');
    expect(render(file, { a: 1, b: 2 })).toBe('1,2');
    expect(render(file, { b: 3, a: 4 })).toBe('4,3');
    expect(render(file, { a: 5 })).toBe('5,-');
  });

  test('a name the data lacks is a global, or a ReferenceError, as under `with`', () => {
    const render = viewRenderer(true);
    expect(render(view('global', '<%= JSON.stringify(a) %>'), { a: [1] })).toBe('[1]');
    expect(() => render(view('missing', '<%= missing %>'), { a: 1 })).toThrow(/missing is not defined/);
  });

  test("a name that is no identifier is still there, as locals['x-y']", () => {
    expect(viewRenderer(true)(view('odd', "<%= locals['x-y'] %>"), { 'x-y': 'ok' })).toBe('ok');
  });
});
