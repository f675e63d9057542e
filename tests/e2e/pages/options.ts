import type { BrowserContext, Page } from '@playwright/test';
import type { FixtureServer } from '../fixture-server';

/** Makes a site shadowable through the options page, as a senior would. */
export async function makeShadowable(options: Page, host: string): Promise<void> {
  await options.getByRole('textbox', { name: 'Site to make shadowable' }).fill(host);
  await options.getByRole('button', { name: 'Make shadowable' }).click();
  await options.getByRole('button', { name: `Remove ${host}` }).waitFor();
}

/** Opens the options page, makes the host shadowable, and closes it again. */
export async function optIn(extPage: (path: string) => Promise<Page>, host = '127.0.0.1'): Promise<void> {
  const options = await extPage('options.html');
  await makeShadowable(options, host);
  await options.close();
}

/**
 * Makes the test server's site shadowable, then opens one of its pages in a new tab: a senior starting work.
 * `beforeLoad` prepares the tab before the page loads (a fake clock, say).
 */
export async function openOnShadowableSite(
  extPage: (path: string) => Promise<Page>,
  context: BrowserContext,
  server: FixtureServer,
  path: string,
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<Page> {
  await optIn(extPage);
  const page = await context.newPage();
  await beforeLoad?.(page);
  await page.goto(server.url(path));
  return page;
}
