/**
 * A mentee may have no access to the source site (a private repository): what the clip shows must travel inside
 * it. The page's image and its stylesheet's background image must be in the published bundle as data, and the
 * bundle must not refer to the source site at all.
 */
import { decodeBundle } from '../../lib/bundle';
import { expect, test } from './fixtures';
import { optIn } from './pages/options';
import { openClipEditor, partsOf, publishClip, setShareService, startTestHub, type TestHub } from './pages/share';
import { readTraces } from './pages/store';

let hub: TestHub;
test.beforeAll(async () => {
  hub = await startTestHub();
});
test.afterAll(async () => {
  await hub?.close();
});

test('a published clip carries its images and styles as data, and refers to nothing on the source site', async ({
  extPage,
  context,
  server,
}) => {
  await optIn(extPage);
  await setShareService(extPage, hub.url);
  const page = await context.newPage();
  await page.goto(server.url('/share-images.html'));
  await page.locator('#reply').pressSequentially('looks good', { delay: 20 });
  await page.waitForTimeout(500);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status).toBe('ended');
  await openClipEditor(panel, 'Design review');
  await panel.getByRole('textbox', { name: 'Clip title' }).fill('Carried');
  await panel.getByRole('tab', { name: 'Preview' }).click();
  // The author is told what rides along before publishing.
  await expect(panel.getByRole('status', { name: 'Carried resources' })).toContainText('1 image and stylesheet carried');
  const link = await publishClip(panel);

  const { id, key } = partsOf(link);
  const { bundle } = await decodeBundle(await hub.download(id), key);
  const json = JSON.stringify(bundle);
  expect(json).toContain('data:image/png;base64,');
  expect(json).not.toContain('pixel.png');
  expect(json).not.toContain(server.origin);
  // The stylesheet's background now points at the carried picture.
  expect(json).toMatch(/background-image: ?url\(\\?"?data:image\/png;base64,/);
});
