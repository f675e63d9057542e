import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readChunks, readEvents, readTraces } from './pages/store';

test('typing inside a same-origin iframe is recorded, and its secrets are not', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/iframe.html');
  const frame = page.frameLocator('#editor');
  await frame.getByRole('textbox', { name: 'Inner draft' }).pressSequentially('drafted in a frame', { delay: 10 });
  await frame.getByLabel('Inner password').pressSequentially('FrameSecret-991', { delay: 10 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => {
      const trace = (await readTraces(panel))[0];
      return trace ? JSON.stringify(await readEvents(panel, trace.id)) : '';
    })
    .toContain('"drafted in a frame"');
  const traces = await readTraces(panel);
  expect(traces).toHaveLength(1); // the frame is part of the page's trace, not a trace of its own
  const stored = (await readChunks(panel, traces[0]!.id)).map((c) => c.text).join('');
  expect(stored).not.toContain('FrameSe');
});
