import type { Page } from '@playwright/test';

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
