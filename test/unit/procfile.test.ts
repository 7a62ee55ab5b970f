// Heroku runs the Procfile and a person runs `npm start`: both must start the same built server, the same way; app.json deploys one free-standing dyno.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

test('the Procfile starts the built server with the same node flags as `npm start`', () => {
  const procfile = readFileSync(path.join(root, 'Procfile'), 'utf8');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const web = /^web: (node .*dist\/server\.js)$/m.exec(procfile)?.[1];
  expect(web).toBeDefined();
  expect(pkg.scripts.start).toBe(web);
  // Node's own heap sizing: the heap limits cost about 10% of the CPU per request, and 100k idle sessions fit in
  // 150 MB without them once V8 gives back what the burst that made them grew (docs/PERFORMANCE.md).
  expect(web).toBe('node dist/server.js');
});

test('the deploy button makes one dyno with the memory store: no paid add-on, Redis stays an opt-in', () => {
  const app = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as {
    addons?: unknown[];
    formation: { web: { quantity: number } };
    env: Record<string, { generator?: string }>;
  };
  expect(app.addons ?? []).toEqual([]);
  expect(app.formation.web.quantity).toBe(1);
  expect(app.env.SESSION_SECRET?.generator).toBe('secret');
  expect(app.env).not.toHaveProperty('REDIS_URL');
});
