import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readEvents, readTraces } from './pages/store';

test('closing the tab right after typing keeps every keystroke, and ends the trace', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  await page.locator('#reply').pressSequentially('last words before closing', { delay: 5 });
  // Well inside the 2 s batch window: only the pagehide flush can save these keystrokes.
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => {
      const trace = (await readTraces(panel))[0];
      if (!trace) return '';
      const inputs = (await readEvents(panel, trace.id)).filter((e) => e.type === 3 && e.data.source === 5);
      return `${trace.status}:${inputs.at(-1)?.data.text ?? ''}:${inputs.length}`;
    })
    .toBe(`ended:last words before closing:${'last words before closing'.length}`);
});
