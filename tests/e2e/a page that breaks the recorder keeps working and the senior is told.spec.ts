import { expect, test } from './fixtures';
import { optIn } from './pages/options';
import { readTraces } from './pages/store';

test('an exception inside rrweb stops recording there with a message, and the page keeps working', async ({
  extPage,
  context,
  server,
}) => {
  await optIn(extPage);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url('/broken.html'));
  await page.getByRole('button', { name: 'Click me' }).click();
  await expect(page.getByRole('button', { name: 'Clicked' })).toBeVisible();
  expect(pageErrors).toEqual([]);

  const panel = await extPage('sidepanel.html');
  await expect(panel.getByRole('alert')).toContainText('the page broke the recorder');
  await expect.poll(async () => (await readTraces(panel))[0]?.problem ?? '').toContain('Recording stopped on 127.0.0.1');
});
