// Sets up the EJS views for an Express app: each page is compiled once into one function with its partials
// written into it, so rendering a page is one call (no per-include look-up, options copy or data copy).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, type TemplateFunction } from 'ejs';
import type { Express } from 'express';
import type { SessionMode } from '../config';
import type { Journey } from '../flow/journey';
import { paths, type Paths } from '../flow/paths';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own types are merged this way
  namespace Express {
    /** What every view can read from app.locals (set once, in useViews). */
    interface Locals {
      /** The idle timeout, for the "your session expired" notice. */
      idleMinutes: number;
      /** The idle timeout in words ("30 minutes", "1 minute"), for the notices. */
      idleText: string;
      /** The absolute lifetime, for the same notice. */
      absoluteMinutes: number;
      /** The absolute lifetime in words ("12 hours", "1 minute"). */
      absoluteText: string;
      /** Pages that say where answers live say it truthfully. */
      sessionMode: SessionMode;
      paths: Paths;
      /** The journeys this app serves (set in createApp), for the footer, the inspector and the error pages. */
      journeys: readonly Journey[];
    }
  }
}

const viewsDir = path.join(__dirname, '..', '..', 'views');

export interface ViewSettings {
  cache: boolean;
  idleMinutes: number;
  idleText: string;
  absoluteMinutes: number;
  absoluteText: string;
  sessionMode: SessionMode;
}

export function useViews(app: Express, options: ViewSettings): void {
  app.locals.idleMinutes = options.idleMinutes;
  app.locals.idleText = options.idleText;
  app.locals.absoluteMinutes = options.absoluteMinutes;
  app.locals.absoluteText = options.absoluteText;
  app.locals.sessionMode = options.sessionMode;
  app.locals.paths = paths;
  app.locals.journeys = []; // none until createApp sets the journeys it serves
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Express also keeps the views it has looked up only with this setting (and by default only when
  // NODE_ENV=production is in the environment), so it is said explicitly.
  app.set('view cache', options.cache);
  const compiled = new Map<string, TemplateFunction>();
  // Kept templates are compiled at start-up: a broken view stops the server before it takes a request.
  if (options.cache) {
    for (const name of readdirSync(viewsDir)) {
      if (name.endsWith('.ejs')) compiled.set(path.join(viewsDir, name), compileView(path.join(viewsDir, name), true));
    }
  }
  app.engine('ejs', (file, data, callback) => {
    let html: string;
    try {
      html = (compiled.get(file) ?? compileView(file))(data); // not kept (development): read again on every request
    } catch (err) {
      callback(err);
      return;
    }
    callback(null, html);
  });
}

/** `<%- include('/partials/name', { a, b: locals.b }) %>`: a partial given the page's own names. */
const INCLUDE = /<%-\s*include\('\/partials\/([\w-]+)'(?:,\s*\{([^}]*)\})?\)\s*%>/g;

/**
 * The view's text with each include replaced by the partial's text, recursively. Only an include that passes
 * the page's names under the same names is written in (`{ title, notice }`, `{ inspector: locals.inspector }`):
 * the partial then means the same inside the page as on its own; any other include of a partial fails at start-up.
 */
export function inlinePartials(text: string, seen: readonly string[] = []): string {
  const inlined = text.replace(INCLUDE, (_match, name: string, args: string | undefined) => {
    if (seen.includes(name)) throw new Error(`partial ${name} includes itself`);
    for (const arg of (args ?? '').split(',').map((a) => a.trim()).filter(Boolean)) {
      const [key, value] = arg.split(':').map((part) => part.trim());
      if (value !== undefined && value !== `locals.${key ?? ''}`) throw new Error(`the include of ${name} renames ${key ?? ''}: it cannot be written in`);
    }
    return inlinePartials(readFileSync(path.join(viewsDir, 'partials', `${name}.ejs`), 'utf8'), [...seen, name]);
  });
  if (/include\(\s*'\/partials\//.test(inlined)) throw new Error('an include of a partial could not be written in (only the form above can)');
  return inlined; // any other include (e.g. a field's template chosen by its type) is left to EJS, at render time
}

/**
 * One function for the page, its partials written in; EJS's default options otherwise. An include left in
 * (its file chosen at render time) is found from the views root, and compiled once when `cache` is on.
 */
export function compileView(file: string, cache = false): TemplateFunction {
  return compile(inlinePartials(readFileSync(file, 'utf8')), { filename: file, root: viewsDir, cache });
}
