/** The side panel's library, as a person uses it: import a file, search, delete, undo. */
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import type { FixtureServer } from '../fixture-server';

/** Chooses a file through the library's Import button, as from the file dialog. */
export async function importThroughPanel(panel: Page, name: string, content: string | Buffer): Promise<void> {
  const chooser = panel.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Import rrweb JSON' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
}

/**
 * Records a session with rrweb's own `record()` (the published UMD build, not Shadowtrace's recorder) on a page
 * of the test's server: the kind of file other rrweb tools save.
 */
export async function recordWithPlainRrweb(
  context: BrowserContext,
  server: FixtureServer,
  work: (page: Page) => Promise<void>,
): Promise<unknown[]> {
  const page = await context.newPage();
  await page.goto(server.url('/textarea.html'));
  await page.addScriptTag({ url: server.url('/vendor/rrweb/rrweb.umd.cjs') });
  await page.evaluate(() => {
    const w = window as unknown as { rrweb: { record: (o: object) => () => void }; recorded: unknown[]; stop: () => void };
    w.recorded = [];
    w.stop = w.rrweb.record({ emit: (e: unknown) => w.recorded.push(e) });
  });
  await work(page);
  const events = await page.evaluate(() => {
    const w = window as unknown as { recorded: unknown[]; stop: () => void };
    w.stop();
    return w.recorded;
  });
  await page.close();
  return events;
}

/** The library at the panel's narrowest and widest, for a person to look at. */
export async function screenshotLibrary(panel: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const width of [360, 700]) {
    await panel.setViewportSize({ width, height: 720 });
    await panel.screenshot({ path: testInfo.outputPath(`${name}-${width}px.png`) });
  }
}
