// Launches Debian's Chromium through playwright-core (a test tool's own browser download does not work here), and sets
// up a browser suite: the built server and the browser for the file, a fresh context per call.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { startServer, type RunningServer } from './server';

/** CHROMIUM_PATH overrides the Debian location, for machines that keep it elsewhere. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const flags = [
  '--headless',
  '--no-sandbox', // containers and CI runners rarely allow Chromium's sandbox
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // No calls home: the tests must run with loopback only.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath, args: flags });
}

export const desktop = { width: 1024, height: 768 };
export const phone = { width: 360, height: 740 };

/** What a browser suite gets from browserSuite: the server's address, and fresh browser contexts. */
export interface BrowserSuite {
  /** The server's address (http://localhost:PORT), once beforeAll has run. */
  readonly url: string;
  /** A fresh context (one cookie jar: like a separate private window) on the server, desktop-sized unless `options` say. Closed after each test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** Starts the built server (with `env`) and the browser for the test file, and closes what it opened. */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = () => {
    if (server === undefined || browser === undefined) throw new Error('browserSuite: used before beforeAll');
    return { server, browser };
  };
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get url() {
      return started().server.url;
    },
    async newContext(options = {}) {
      const { server, browser } = started();
      const context = await browser.newContext({ baseURL: server.url, viewport: desktop, ...options });
      contexts.push(context);
      return context;
    },
  };
}
