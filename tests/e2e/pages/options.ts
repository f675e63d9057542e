import type { Page } from '@playwright/test';

/** Makes a site shadowable through the options page, as a senior would. */
export async function makeShadowable(options: Page, host: string): Promise<void> {
  await options.getByRole('textbox', { name: 'Site to make shadowable' }).fill(host);
  await options.getByRole('button', { name: 'Make shadowable' }).click();
  await options.getByRole('button', { name: `Remove ${host}` }).waitFor();
}
