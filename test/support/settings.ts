// Apps built from environment variables as a deployment sets them (DYNO, TRUST_PROXY, PUBLIC_ORIGIN, NODE_ENV…), through
// loadConfig, so a test sees exactly what a process started with that environment would do.
import type { App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { quietApp, TEST_SECRET } from './app';

const apps: App[] = [];

/** An app for this environment (NODE_ENV=test and the test secret unless given), without its request log. */
export function appWithEnv(env: Record<string, string> = {}): App {
  const config = { ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: TEST_SECRET, ...env }), logRequests: false };
  const app = quietApp(config);
  apps.push(app);
  return app;
}

export async function closeEnvApps(): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => app.close()));
}
