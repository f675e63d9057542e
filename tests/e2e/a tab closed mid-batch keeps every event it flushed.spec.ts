import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readEvents, readTraces, typedTexts } from './pages/store';

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
      const inputs = typedTexts(await readEvents(panel, trace.id));
      return `${trace.status}:${inputs.at(-1)?.text ?? ''}:${inputs.length}`;
    })
    .toBe(`ended:last words before closing:${'last words before closing'.length}`);
});
