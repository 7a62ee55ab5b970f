// Sets up the EJS views for an Express app: where they are, the engine, and whether compiled templates are kept.
import path from 'node:path';
import { renderFile } from 'ejs';
import type { Express } from 'express';

export const viewsDir = path.join(__dirname, '..', '..', 'views');

export function useViews(app: Express, options: { cache: boolean }): void {
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
