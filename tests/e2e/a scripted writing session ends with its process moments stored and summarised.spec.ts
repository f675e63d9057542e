import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readMoments } from './pages/replay';
import { readTraces } from './pages/store';

test('a scripted session on a shadowable page ends with exactly its moments in storage and in the library summary', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  const box = page.locator('#reply');
  await box.click();
  await box.pressSequentially('Dear team, we ship', { delay: 90 });
  await page.waitForTimeout(4000); // thinking
  await box.pressSequentially(' on monday', { delay: 90 });
  for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace', { delay: 90 }); // "monday" goes
  await box.pressSequentially('friday', { delay: 90 });
  await page.waitForTimeout(4000); // thinking again
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete'); // the whole draft is abandoned
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.summary ?? '', { timeout: 20_000 }).not.toBe('');
  const trace = (await readTraces(panel))[0]!;
  const moments = await readMoments(panel, trace.id);
  const kinds = moments.map((m) => m.kind);
  expect(kinds.filter((k) => k === 'pause')).toHaveLength(2);
  expect(moments.filter((m) => m.kind === 'pause').every((m) => m.duration >= 3500 && m.duration < 6000)).toBe(true);
  expect(kinds.filter((k) => k === 'revision').length).toBeGreaterThanOrEqual(2); // "monday" erased, then everything
  expect(kinds.filter((k) => k === 'abandoned')).toHaveLength(1);
  expect(kinds.filter((k) => k === 'navigation')).toHaveLength(1);
  expect(kinds).not.toContain('undo');
  await expect(panel.getByRole('list', { name: 'Traces' })).toContainText(trace.summary!);
  expect(trace.summary).toMatch(/2 pauses/);
  expect(trace.summary).toMatch(/1 abandoned draft/);
});
