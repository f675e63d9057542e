import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readTraces } from './pages/store';

test('typing, deleting and retyping in a textarea is recorded, and the export decodes to every intermediate value', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  const box = page.locator('#reply');
  await box.click();
  await box.pressSequentially('Hello wrold', { delay: 15 });
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace', { delay: 15 });
  await box.pressSequentially('world', { delay: 15 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => (await readTraces(panel)).find((t) => t.site === '127.0.0.1')?.eventCount ?? 0)
    .toBeGreaterThan(20);
  const trace = (await readTraces(panel))[0]!;
  await expect(panel.getByRole('list', { name: 'Traces' })).toContainText('Draft a reply');

  const downloading = panel.waitForEvent('download');
  await panel.getByRole('button', { name: `Export ${trace.title} as rrweb JSON` }).click();
  const file = await (await downloading).path();
  const events = JSON.parse(await readFile(file, 'utf8')) as { type: number; data: { source?: number; text?: string } }[];
  // A Meta event, then the full snapshot: a file that other rrweb tools can play.
  const meta = events.findIndex((e) => e.type === 4);
  expect(meta).toBeGreaterThanOrEqual(0);
  expect(events[meta + 1]!.type).toBe(2);
  const values = events.filter((e) => e.type === 3 && e.data.source === 5).map((e) => e.data.text);

  const expected: string[] = [];
  let text = '';
  for (const ch of 'Hello wrold') expected.push((text += ch));
  for (let i = 0; i < 5; i++) expected.push((text = text.slice(0, -1)));
  for (const ch of 'world') expected.push((text += ch));
  expect(values).toEqual(expected);
});
