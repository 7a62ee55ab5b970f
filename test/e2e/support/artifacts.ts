// Where the browser suites leave what a person may want to look at: screenshots and the accessibility report (gitignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const artifactsDir = path.join(__dirname, '..', 'artifacts');
const screenshotsDir = path.join(artifactsDir, 'screenshots');

/** Saves a full-page PNG as artifacts/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true, animations: 'disabled' });
}

export function saveJson(name: string, value: unknown): void {
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(path.join(artifactsDir, name), `${JSON.stringify(value, null, 2)}\n`);
}

/** Saves one element (a panel, say) as artifacts/screenshots/<name>.png. */
export async function saveElementScreenshot(element: Locator, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await element.screenshot({ path: path.join(screenshotsDir, `${name}.png`), animations: 'disabled' });
}
