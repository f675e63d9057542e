import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { openReplay, replayedTextarea, seekTo } from './pages/replay';
import { readEvents, readTraces } from './pages/store';

test('a trace still recording grows in its replay while the senior works', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  const box = page.locator('#reply');
  await box.pressSequentially('Hello', { delay: 30 });

  const panel = await extPage('sidepanel.html');
  const typed = async (text: string) => {
    const trace = (await readTraces(panel))[0];
    const events = trace ? await readEvents(panel, trace.id) : [];
    return events.find((e) => e.type === 3 && e.data.source === 5 && e.data.text === text)?.timestamp ?? null;
  };
  await expect.poll(() => typed('Hello'), { timeout: 15_000 }).not.toBeNull();
  const trace = (await readTraces(panel))[0]!;
  expect(trace.status).toBe('recording');
  const start = (await readEvents(panel, trace.id))[0]!.timestamp;

  await openReplay(panel, trace.title);
  await expect(panel.getByText('still recording: the replay grows as the work goes on')).toBeVisible();
  const slider = panel.getByRole('slider', { name: 'Playhead' });
  const shownUntil = async () => Number(await slider.getAttribute('max'));
  const before = await shownUntil();

  // The senior keeps writing in the other tab; the open replay takes it in without being reopened.
  await box.pressSequentially(' world', { delay: 30 });
  await expect.poll(() => typed('Hello world'), { timeout: 15_000 }).not.toBeNull();
  const at = (await typed('Hello world'))!;
  await expect.poll(shownUntil, { timeout: 15_000 }).toBeGreaterThanOrEqual(at - start);
  expect(await shownUntil()).toBeGreaterThan(before);

  await seekTo(panel, start, at);
  await expect(replayedTextarea(panel)).toHaveValue('Hello world');
  await seekTo(panel, start, (await typed('Hello'))!);
  await expect(replayedTextarea(panel)).toHaveValue('Hello');
  await page.close();
});
