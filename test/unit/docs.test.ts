// The README and docs/*.md point at real files: every repository path they name, in backticks or as a link, exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Top-level folders whose paths a document may name; a path elsewhere (dist/, node_modules/) is not in a clone. */
const REPO_FOLDERS = ['src', 'views', 'test', 'public', 'bench', 'docs', 'scripts', '.ci'];
/** Files at the top of the repository, named on their own (`package.json`, `Procfile`). */
const TOP_LEVEL_FILE = /^(?:Procfile|\.env\.example|[a-z][\w.-]*\.(?:json|js|cjs|mjs|md))$/i; // a bare `x.ts` is a file beside the one just named

/** Folders the repository ignores (`/test/e2e/artifacts/` in .gitignore): made by a run, never in a clone. */
const MADE_BY_RUNS = readFileSync(path.join(root, '.gitignore'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('/') && line.endsWith('/'))
  .map((line) => line.slice(1));

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

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) => anchorOf(heading!)));
}

/** Links to a heading (`[x](LESSON.md#exercises)`, `[x](#settings)`), as [file the heading is in, anchor]. */
function anchorLinksIn(markdown: string, documentPath: string): [string, string][] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const links: [string, string][] = [];
  for (const [, target] of prose.matchAll(/\]\(([^)\s]*#[^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target!)) continue;
    const [file, anchor] = target!.split('#') as [string, string];
    links.push([file === '' ? documentPath : path.posix.normalize(path.posix.join(path.posix.dirname(documentPath), file)), anchor]);
  }
  return links;
}

test('a heading\'s anchor is the one GitHub makes', () => {
  expect(anchorOf('Start over, and why it is a POST')).toBe('start-over-and-why-it-is-a-post');
  expect(anchorOf('Which `maxmemory-policy`')).toBe('which-maxmemory-policy');
});

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
    const missing = named.filter((p) => !MADE_BY_RUNS.some((folder) => p.startsWith(folder)) && !existsSync(path.join(root, p)));
    // One readable list, so a moved file is easy to find in the docs.
    expect(missing.map((p) => `${document} names ${p}, which does not exist`)).toEqual([]);
  });

  test('links only to headings that exist', () => {
    const broken = anchorLinksIn(readFileSync(path.join(root, document), 'utf8'), document).filter(
      ([file, anchor]) => !file.endsWith('.md') || !existsSync(path.join(root, file)) || !anchorsIn(readFileSync(path.join(root, file), 'utf8')).has(anchor),
    );
    expect(broken.map(([file, anchor]) => `${document} links to ${file}#${anchor}, which is no heading there`)).toEqual([]);
  });
});
