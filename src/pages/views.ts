// Sets up the EJS views for an Express app: where they are, the engine, and whether compiled templates are kept.
import path from 'node:path';
import { renderFile } from 'ejs';
import type { Express } from 'express';
import type { SessionMode } from '../config';
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
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Express also keeps the views it has looked up only with this setting (and by default only when
  // NODE_ENV=production is in the environment), so it is said explicitly.
  app.set('view cache', options.cache);
  // EJS resolves a relative include ('partials/head') by checking that the file exists: a stat system
  // call for every include, four per page. The views write their includes from the views root
  // ('/partials/head') and `root` is given here, so EJS only joins the path. The HTML is the same.
  app.engine('ejs', (file, data, callback) => {
    renderFile(file, data, { root: viewsDir, cache: options.cache }, (err, html) => callback(err, html));
  });
}
