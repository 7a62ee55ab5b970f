// .env.example, the README's settings table and src/config.ts name the same variables, and the file's values are the defaults.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** NAME=value lines, as `set -a; . ./.env` would read them (the file quotes nothing). */
const example = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

/** The variables config.ts reads: env.NAME, and env, 'NAME' for the parse helpers. */
const readByConfig = [...read('src/config.ts').matchAll(/env(?:\.|, ')([A-Z][A-Z_]+)/g)].map((m) => m[1] ?? '');

/** The first column of the README's Settings table. */
const inReadme = [...(/## Settings\n([\s\S]*?)\n## /.exec(read('README.md'))?.[1] ?? '').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

/** Read by config.ts but no setting of yours: Heroku sets DYNO; only `npm run dev` sets MEMORY_STORE_FILE. The README names both. */
const notSettings = ['DYNO', 'MEMORY_STORE_FILE'];

test('.env.example, the README and config.ts name the same settings', () => {
  const names = Object.keys(example).sort();
  expect(names.length).toBeGreaterThan(10);
  expect(names).toEqual([...new Set(readByConfig)].filter((name) => !notSettings.includes(name)).sort());
  for (const name of notSettings) expect(read('README.md')).toContain(`\`${name}\``);
  expect(names).toEqual([...inReadme].sort());
});

test('loaded as it is, .env.example gives the defaults (its empty values mean unset)', () => {
  // The secret apart: with none given, each load makes a random one.
  expect({ ...loadConfig(example), sessionSecrets: [] }).toEqual({ ...loadConfig({}), sessionSecrets: [] });
  expect(loadConfig(example).secretIsGenerated).toBe(true);
});

test('.env.example says how to load it, since the app reads no .env file', () => {
  expect(read('.env.example')).toContain('set -a; . ./.env; set +a; npm start');
  expect(read('README.md')).toContain('set -a; . ./.env; set +a; npm start');
});
