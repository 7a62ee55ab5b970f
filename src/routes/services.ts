// What the routers are handed by createApp (built once there, from the config): no router looks a service up on the app.
import type { SessionMode } from '../config';
import type { Csrf } from '../http/csrf';
import type { Notices } from '../pages/notices';
import type { Pages } from '../pages/page';

export interface Services {
  /** The form token: `csrf.require` guards every POST. */
  csrf: Csrf;
  /** Renders a page in the layout (`pages.renderPage`). */
  pages: Pages;
  /** One-time notices for the next page (`notices.setNotice`). */
  notices: Notices;
  /** SESSION_MODE: the pages that say where answers live say it truthfully. */
  sessionMode: SessionMode;
}
