import { expect, test } from './fixtures';
import { optIn } from './pages/options';
import { readTraces } from './pages/store';

test('on a site that was not made shadowable nothing is stored and no extension script runs', async ({
  extPage,
  context,
  server,
}) => {
  // 127.0.0.1 is shadowable; localhost is granted to the test build too, but the senior never opted it in.
  await optIn(extPage);
  const page = await context.newPage();
  const pipeEvents: string[] = [];
  await page.exposeFunction('notePipe', (name: string) => pipeEvents.push(name));
  await page.addInitScript(() => {
    for (const name of ['shadowtrace:ready', 'shadowtrace:hello', 'shadowtrace:batch']) {
      document.addEventListener(name, () => (window as unknown as { notePipe: (n: string) => void }).notePipe(name));
    }
  });
  await page.goto(server.url('/textarea.html').replace('127.0.0.1', 'localhost'));
  await page.locator('#reply').pressSequentially('not for the record', { delay: 10 });
  await page.waitForTimeout(3000);

  // No recorder in the page: the History API is the browser's own, and no pipe event ever fired.
  expect(await page.evaluate(() => history.pushState.toString())).toContain('[native code]');
  expect(await page.evaluate(() => HTMLCanvasElement.prototype.getContext.toString())).toContain('[native code]');
  expect(pipeEvents).toEqual([]);
  const panel = await extPage('sidepanel.html');
  expect(await readTraces(panel)).toEqual([]);
  const registered = await panel.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  expect(registered.flatMap((s) => s.matches ?? []).some((m) => m.includes('localhost'))).toBe(false);
});
