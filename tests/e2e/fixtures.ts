/**
 * Launches real Chromium with the built test extension (which differs from the product build only by granting
 * the loopback origins) and serves the test's own pages on 127.0.0.1.
 */
import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export const EXTENSION_DIR = resolve('.output-test/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs(extensionDir = EXTENSION_DIR): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
}

export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export async function launchExtension(userDataDir: string): Promise<{ context: BrowserContext; extensionId: string }> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(),
  });
  // Chrome names an unpacked extension after its folder's path, so the id is known without waiting for the
  // service worker (Playwright sometimes misses a worker that started before it attached).
  const extensionId = unpackedExtensionId(EXTENSION_DIR);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`, { timeout: 30_000 });
  await page.close();
  return { context, extensionId };
}

interface Fixtures {
  launched: { context: BrowserContext; extensionId: string };
  context: BrowserContext;
  extensionId: string;
  server: FixtureServer;
  /** An extension page to act from (its clicks count as user gestures). */
  extPage: (path: string) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startFixtureServer();
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern
  launched: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'shadowtrace-profile-'));
    const launched = await launchExtension(dir);
    await use(launched);
    await launched.context.close();
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ launched }, use) => use(launched.context),
  extensionId: async ({ launched }, use) => use(launched.extensionId),
  extPage: async ({ context, extensionId }, use) => {
    await use(async (path: string) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    });
  },
});

export const expect = test.expect;
