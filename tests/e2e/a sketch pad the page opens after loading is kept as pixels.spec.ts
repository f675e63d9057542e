import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { CUSTOM } from '../../lib/trace-events';
import { customEvents, readEvents, readTraces } from './pages/store';

// The recorder samples canvases only while the page has one: this page makes its first canvas long after the
// recording started, and its drawing must be kept all the same.
test('a canvas the page makes after it loaded is kept as pixels, whole at first and then as the changes', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/late-canvas.html');
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Open a sketch pad' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Draw a square' }).click();
  await page.waitForTimeout(1500);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status).toBe('ended');
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const frames = customEvents(events, CUSTOM.canvasFrame).map((e) => e.payload);
  // The pad with one square, whole; then only the rectangle around the second square.
  expect(frames).toHaveLength(2);
  expect(frames[0]).toMatchObject({ width: 240, height: 120 });
  expect(frames[0]!.patch).toBeUndefined();
  expect(frames[1]!.target).toBe(frames[0]!.target);
  expect(frames[1]!.patch!.width * frames[1]!.patch!.height).toBeLessThan((240 * 120) / 3);
});
