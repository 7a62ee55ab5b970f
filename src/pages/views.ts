// Sets up the EJS views for an Express app: each page is compiled once into one function with its partials
// written into it, reading its data's names as variables, so rendering a page is one call (no per-include
// look-up, options copy or data copy, no `with`).
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
      /** The CSRF cookie's name as the browser holds it (`flow.csrf`, or `__Host-flow.csrf` where served over https only). */
      csrfCookieName: string;
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
  csrfCookieName: string;
}

export function useViews(app: Express, options: ViewSettings): void {
  app.locals.idleMinutes = options.idleMinutes;
  app.locals.idleText = options.idleText;
  app.locals.absoluteMinutes = options.absoluteMinutes;
  app.locals.absoluteText = options.absoluteText;
  app.locals.sessionMode = options.sessionMode;
  app.locals.csrfCookieName = options.csrfCookieName;
  app.locals.paths = paths;
  app.locals.journeys = []; // none until createApp sets the journeys it serves
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Express also keeps the views it has looked up only with this setting (and by default only when
  // NODE_ENV=production is in the environment), so it is said explicitly.
  app.set('view cache', options.cache);
  const render = viewRenderer(options.cache);
  // In production every view is compiled once at start-up, only to check it: a broken view stops the server before
  // it takes a request. The functions that render are compiled per set of names, at a view's first render of it.
  if (options.cache) {
    for (const name of readdirSync(viewsDir)) {
      if (name.endsWith('.ejs')) compileView(path.join(viewsDir, name), [], true);
    }
  }
  app.engine('ejs', (file, data, callback) => {
    let html: string;
    try {
      html = render(file, data);
    } catch (err) {
      callback(err);
      return;
    }
    callback(null, html);
  });
}

/**
 * The names a partial chosen at render time is given by its include (`include('/fields/' + field.type, { field })`):
 * EJS compiles such a partial with its page's options, so they are read as variables too.
 */
const INCLUDE_NAMES = ['field'];

/** Past this many sets of names, a view's further sets are compiled for each render and not kept. */
const MAX_KEPT_PER_VIEW = 32;

/**
 * Renders a view with its data. Each view is compiled for the names its data has, which its code then reads as
 * plain variables: under EJS's default, `with (locals)`, every name in a page (EJS's own `__append` and `escapeFn`
 * among them, for each piece of output) is first looked for on the data, which cost 8% of a journey's instructions.
 * A name the data lacks is found as under `with`: a global (`JSON`, `String`), or a ReferenceError. The data's
 * names are set by code (a page's model, the layout's, app.locals), not by a visitor, so a view has a few sets,
 * each compiled once (when `cache`, in production; in development every render reads the file again).
 */
export function viewRenderer(cache: boolean): (file: string, data: object) => string {
  const kept = new Map<string, Map<string, TemplateFunction>>();
  return (file, data) => {
    const names = Object.keys(data);
    if (!cache) return compileView(file, names, false)(data);
    let forView = kept.get(file);
    if (forView === undefined) {
      forView = new Map<string, TemplateFunction>();
      kept.set(file, forView);
    }
    const key = JSON.stringify(names); // unambiguous, whatever the names hold
    let template = forView.get(key);
    if (template === undefined) {
      template = compileView(file, names, true);
      if (forView.size < MAX_KEPT_PER_VIEW) forView.set(key, template);
    }
    return template(data);
  };
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

/** Names that are not JavaScript identifiers can't be variables: a page reads them as `locals['a-b']`. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * One function for the page, its partials written in, reading `names` (and the names partials are given) from its
 * data as variables. An include left in (its file chosen at render time) is found from the views root, and compiled
 * once when `cache` is on.
 */
export function compileView(file: string, names: readonly string[], cache: boolean): TemplateFunction {
  const variables = [...new Set([...names, ...INCLUDE_NAMES])].filter((name) => IDENTIFIER.test(name));
  return compile(inlinePartials(readFileSync(file, 'utf8')), {
    filename: file,
    root: viewsDir,
    cache,
    _with: false,
    destructuredLocals: variables,
  });
}
