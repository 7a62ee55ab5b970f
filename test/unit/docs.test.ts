// The README and docs/*.md point at real files: every repository path they name, in backticks or as a link, exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Top-level folders whose paths a document may name; a path elsewhere (dist/, node_modules/) is not in a clone. */
const REPO_FOLDERS = ['src', 'views', 'test', 'public', 'bench', 'docs', 'scripts', '.ci'];
/** Files at the top of the repository, named on their own (`package.json`, `Procfile`). */
const TOP_LEVEL_FILE = /^(?:Procfile|\.env\.example|[a-z][\w.-]*\.(?:json|js|cjs|mjs|md|ts))$/i;

/** The repository paths a Markdown document names: `inline code` that looks like a path, and relative links. */
function pathsNamedIn(markdown: string, documentPath: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, ''); // commands in code blocks are not references
  const found = new Set<string>();
  for (const [, code] of prose.matchAll(/`([^`\n]+)`/g)) {
    const candidate = code!.trim();
    if (/[\s*<>…]/.test(candidate)) continue; // a command, a glob or a placeholder, not one path
    const first = candidate.split('/')[0]!;
    if (REPO_FOLDERS.includes(first) && candidate.includes('/')) found.add(candidate.replace(/[:#].*$/, ''));
    else if (TOP_LEVEL_FILE.test(candidate)) found.add(candidate);
  }
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target!) || target!.startsWith('#')) continue; // a URL, or an anchor in the same page
    const relative = target!.replace(/#.*$/, '');
    found.add(path.posix.normalize(path.posix.join(path.posix.dirname(documentPath), relative)));
  }
  return [...found].sort();
}

test('finds backticked paths and relative links, and skips commands, globs and URLs', () => {
  const md = [
    'See `src/flow/journey.ts`, `views/step.ejs:12` and [the lesson](LESSON.md#exercises).',
    'Run `npm test` or `node dist/server.js`; globs like `test/**/*.ts` and [Express](https://expressjs.com) are skipped.',
    '`package.json` and `Procfile` are top-level files.',
    '```sh\ncat src/not-checked.ts\n```',
  ].join('\n');
  expect(pathsNamedIn(md, 'docs/X.md')).toEqual(['Procfile', 'docs/LESSON.md', 'package.json', 'src/flow/journey.ts', 'views/step.ejs']);
});

describe.each(documents)('%s', (document) => {
  test('names only files and folders that exist', () => {
    const named = pathsNamedIn(readFileSync(path.join(root, document), 'utf8'), document);
    const missing = named.filter((p) => !existsSync(path.join(root, p)));
    // One readable list, so a moved file is easy to find in the docs.
    expect(missing.map((p) => `${document} names ${p}, which does not exist`)).toEqual([]);
  });
});
