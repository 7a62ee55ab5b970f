// Launches Debian's Chromium through playwright-core (a test tool's own browser download does not work here).
import { chromium, type Browser } from 'playwright-core';

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
