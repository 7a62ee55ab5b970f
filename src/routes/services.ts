// What the routers are handed by createApp (built once there, from the config): no router looks a service up on the app.
import type { SessionMode } from '../config';
import type { Journey } from '../flow/journey';
import type { Csrf } from '../http/csrf';
import type { Notices } from '../pages/notices';
import type { Pages } from '../pages/page';
import type { Receipts } from './receipts';

export interface Services {
  /** The journeys served (the registry's, or a test's own), checked at start-up. */
  journeys: readonly Journey[];
  /** The form token: `csrf.require` guards every POST. */
  csrf: Csrf;
  /** Renders a page in the layout (`pages.renderPage`). */
  pages: Pages;
  /** One-time notices for the next page (`notices.setNotice`). */
  notices: Notices;
  /** Seals a done page's lasting receipt link, and opens it again. */
  receipts: Receipts;
  /** Today's date (`YYYY-MM-DD`), for date fields' bounds: the server's local date unless a test gives its own. */
  today: () => string;
  /** SESSION_MODE: the pages that say where answers live say it truthfully. */
  sessionMode: SessionMode;
}
