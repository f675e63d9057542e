import { expect, test } from './fixtures';
import { optIn } from './pages/options';
import { readEvents, readTraces } from './pages/store';

test('a WebGL canvas drawn without preserveDrawingBuffer is kept as non-blank frames, only when it changed', async ({
  extPage,
  context,
  server,
}) => {
  await optIn(extPage);
  const page = await context.newPage();
  await page.goto(server.url('/webgl.html'));
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Draw a square' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Draw a square' }).click();
  await page.waitForTimeout(2500); // nothing changes now: no more frames may be kept
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status).toBe('ended');
  const trace = (await readTraces(panel))[0]!;
  const frames = (await readEvents(panel, trace.id))
    .filter((e) => e.type === 5 && e.data.tag === 'shadowtrace/canvas-frame')
    .map((e) => e.data.payload as { dataUrl: string; width: number; height: number });
  // White at first, then one square, then two: three pictures, each kept once.
  expect(frames.length).toBe(3);
  const reds = await panel.evaluate(async (urls) => {
    const counts: number[] = [];
    for (const url of urls) {
      const [head, base64] = url.split(',') as [string, string];
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: head.slice(5).split(';')[0] }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      let red = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) red++;
      counts.push(red);
    }
    return counts;
  }, frames.map((f) => f.dataUrl));
  expect(reds[0]).toBe(0);
  expect(reds[1]).toBeGreaterThan(2000); // one 50 x 50 square
  expect(reds[2]).toBeGreaterThan(2 * reds[1]! - 200); // two squares
  expect(frames[0]).toMatchObject({ width: 320, height: 200 });
});
