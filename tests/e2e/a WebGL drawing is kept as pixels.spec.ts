import { expect, test } from './fixtures';
import { wholeTraceLoaded } from './pages/replay';
import { openOnShadowableSite } from './pages/options';
import { CUSTOM } from '../../lib/trace-events';
import { customEvents, readEvents, readTraces } from './pages/store';

test('a WebGL canvas drawn without preserveDrawingBuffer is kept as frames only when it changed, and replays as drawn', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/webgl.html');
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Draw a square' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Draw a square' }).click();
  await page.waitForTimeout(2500); // nothing changes now: no more frames may be kept
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status).toBe('ended');
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const frameEvents = customEvents(events, CUSTOM.canvasFrame);
  const frames = frameEvents.map((e) => e.payload);
  // White at first, then one square, then two: three pictures, each kept once. The first is the whole canvas
  // (a key frame); the others hold only the rectangle around the new square (delta frames).
  expect(frames.length).toBe(3);
  expect(frames[0]).toMatchObject({ width: 320, height: 200 });
  expect(frames[0]!.patch).toBeUndefined();
  for (const f of frames.slice(1)) {
    expect(f.patch).toBeDefined();
    expect(f.patch!.width * f.patch!.height).toBeLessThan((320 * 200) / 4);
  }
  // Painted in order, as the player does, the pictures show no square, one, then two.
  const reds = await panel.evaluate(async (frames) => {
    const counts: number[] = [];
    const canvas = new OffscreenCanvas(frames[0]!.width, frames[0]!.height);
    const ctx = canvas.getContext('2d')!;
    for (const f of frames) {
      const [head, base64] = f.dataUrl.split(',') as [string, string];
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: head.slice(5).split(';')[0] }));
      const r = f.patch ?? { x: 0, y: 0, width: f.width, height: f.height };
      ctx.clearRect(r.x, r.y, r.width, r.height);
      ctx.drawImage(bitmap, r.x, r.y, r.width, r.height);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let red = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) red++;
      counts.push(red);
    }
    return counts;
  }, frames);
  expect(reds[0]).toBe(0);
  expect(reds[1]).toBeGreaterThan(2000); // one 50 x 50 square
  expect(reds[2]).toBeGreaterThan(2 * reds[1]! - 200); // two squares

  // Replayed in the side panel (no script in the replay frame: the player paints the frames itself), the first
  // square is there after its frame and not before it.
  await panel.getByRole('button', { name: `Replay ${trace.title}` }).click();
  await wholeTraceLoaded(panel);
  const pixels = () =>
    panel.evaluate(() => {
      const frame = document.querySelector('.player-stage iframe') as HTMLIFrameElement | null;
      const canvas = frame?.contentDocument?.querySelector('canvas');
      if (!canvas) return 'no canvas';
      const ctx = canvas.getContext('2d')!;
      // Inside the first square, then inside the second.
      return [ctx.getImageData(45, 115, 1, 1).data, ctx.getImageData(105, 115, 1, 1).data]
        .map((d) => (d[0]! > 200 && d[1]! < 60 && d[2]! < 60 ? 'red' : d[0]! > 200 && d[1]! > 200 && d[2]! > 200 ? 'white' : `${d.join(',')}`))
        .join(' ');
    });
  const slider = panel.getByRole('slider', { name: 'Playhead' });
  const start = events[0]!.timestamp;
  await slider.fill(String(frameEvents[1]!.timestamp - start + 20));
  await expect.poll(pixels).toBe('red white');
  // A seek paints the key frame and every delta up to the time.
  await slider.fill(String(frameEvents[2]!.timestamp - start + 20));
  await expect.poll(pixels).toBe('red red');
  await slider.fill(String(frameEvents[0]!.timestamp - start + 20));
  await expect.poll(pixels).toBe('white white');
});
