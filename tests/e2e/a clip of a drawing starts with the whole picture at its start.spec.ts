/**
 * A canvas is recorded as a key frame and delta frames (only the rectangles that changed). A clip that starts
 * after some deltas must start with the whole picture at that moment, as one frame, and carry no delta from
 * before its start (a delta can show something drawn and covered before it).
 */
import { readFile } from 'node:fs/promises';
import { readBundleFile } from '../../lib/bundle';
import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { openClipEditor, seekEditor } from './pages/share';
import { CUSTOM } from '../../lib/trace-events';
import { customEvents, readEvents, readTraces, type StoredEvent } from './pages/store';

test('a clip of a drawing starts with the whole picture at its start, then the changes inside it', async ({ extPage, context, server }) => {
  test.setTimeout(90_000);
  const page = await openOnShadowableSite(extPage, context, server, '/webgl.html');
  await page.waitForTimeout(1200);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Draw a square' }).click();
    await page.waitForTimeout(1200);
  }
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status, { timeout: 20_000 }).toBe('ended');
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const frameEvents = customEvents(events, CUSTOM.canvasFrame);
  // White, then three squares, each kept as a delta after the key frame.
  expect(frameEvents.map((e) => (e.payload.patch ? 'delta' : 'key'))).toEqual(['key', 'delta', 'delta', 'delta']);

  // From between the second and the third square to the end.
  const firstAt = events[0]!.timestamp;
  const start = Math.round((frameEvents[2]!.timestamp + frameEvents[3]!.timestamp) / 2);
  await openClipEditor(panel, trace.title);
  await seekEditor(panel, start - firstAt);
  await panel.getByRole('button', { name: 'Set start' }).click();
  await seekEditor(panel, events.at(-1)!.timestamp - firstAt);
  await panel.getByRole('button', { name: 'Set end' }).click();
  await panel.getByRole('textbox', { name: 'Clip title' }).fill('Squares');
  const downloading = panel.waitForEvent('download');
  await panel.getByRole('button', { name: 'Save as .shadowtrace file' }).click();
  const file = await downloading;
  const { bundle } = await readBundleFile(new Uint8Array(await readFile((await file.path())!)));
  // The bundle's events passed its checks and sanitiser: rrweb events, as the recorder stored them.
  const clipFrames = customEvents(bundle.events as StoredEvent[], CUSTOM.canvasFrame);
  // One whole frame at 0, then the third square's delta inside the range.
  expect(clipFrames.map((e) => [e.timestamp === 0, e.payload.patch ? 'delta' : 'key'])).toEqual([
    [true, 'key'],
    [false, 'delta'],
  ]);
  const recorded = frameEvents.map((e) => e.payload.dataUrl);
  expect(recorded).not.toContain(clipFrames[0]!.payload.dataUrl);

  // The frame at 0 shows the first two squares and not the third.
  const colours = await panel.evaluate(async (f) => {
    const [head, base64] = f.dataUrl.split(',') as [string, string];
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: head.slice(5).split(';')[0] }));
    const canvas = new OffscreenCanvas(f.width, f.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0, f.width, f.height);
    return [45, 105, 165].map((x) => {
      const d = ctx.getImageData(x, 115, 1, 1).data;
      return d[0]! > 200 && d[1]! < 60 && d[2]! < 60 ? 'red' : d[0]! > 200 && d[1]! > 200 && d[2]! > 200 ? 'white' : d.join(',');
    });
  }, clipFrames[0]!.payload);
  expect(colours).toEqual(['red', 'red', 'white']);
});
