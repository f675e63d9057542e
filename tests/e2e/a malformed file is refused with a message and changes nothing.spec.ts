import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { expect, test } from './fixtures';
import { importThroughPanel, screenshotLibrary } from './pages/library';
import { readChunks, readTraces } from './pages/store';

const T = Date.now() - 60_000;
const meta = { type: 4, data: { href: 'https://example.com/doc', width: 800, height: 600 }, timestamp: T };
const snapshot = {
  type: 2,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [{ type: 3, id: 4, textContent: 'Kept' }] }] },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
  timestamp: T + 1,
};
const typing = (t: number) => ({ type: 3, data: { source: 2, type: 1, id: 4 }, timestamp: t });

const BAD_FILES: [name: string, content: string, message: RegExp][] = [
  ['notes.json', 'These are my notes, not a recording.', /not JSON/],
  ['package.json', JSON.stringify({ name: 'app', version: '1.0.0' }), /not an rrweb recording/],
  ['numbers.json', '[1, 2, 3]', /Event 1 of 3 is 1, not an rrweb event/],
  ['wrong-type.json', JSON.stringify([meta, snapshot, { type: 42, timestamp: T + 2 }]), /Event 3 of 3 .*"type" must be a number from 0 to 6 \(found 42\)/],
  ['tail-only.json', JSON.stringify([typing(T + 2_000), typing(T + 2_100)]), /no full snapshot/],
  ['empty.json', '', /empty/],
  ['empty-list.json', '[]', /no events/],
];

test('a malformed file is refused with a clear message and the library and database stay exactly as they were', async ({
  extPage,
}, testInfo) => {
  const panel = await extPage('sidepanel.html');
  // One good trace, so that "changes nothing" has something to keep.
  await importThroughPanel(panel, 'good.json', JSON.stringify([meta, snapshot, typing(T + 1_500)]));
  const list = panel.getByRole('list', { name: 'Traces' });
  await expect(list.getByText('good', { exact: true })).toBeVisible();
  const tracesBefore = await readTraces(panel);
  const chunksBefore = await readChunks(panel, tracesBefore[0]!.id);

  for (const [name, content, message] of BAD_FILES) {
    await importThroughPanel(panel, name, content);
    const alert = panel.locator('.import-error[role="alert"]');
    await expect(alert).toContainText(`${name} was not imported.`);
    await expect(alert).toContainText(message);
    expect(await readTraces(panel)).toEqual(tracesBefore);
    expect(await readChunks(panel, tracesBefore[0]!.id)).toEqual(chunksBefore);
    await expect(list.locator('li.trace')).toHaveCount(1);
  }

  // A file too large to import is refused by its size, with the size, before it is read.
  const huge = testInfo.outputPath('huge.json');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 150 * 1024 * 1024);
  closeSync(fd);
  const chooser = panel.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Import rrweb JSON' }).click();
  await (await chooser).setFiles(huge);
  await expect(panel.locator('.import-error')).toContainText('This file is 150.0 MB; Shadowtrace imports rrweb files of up to 100.0 MB.');
  expect(await readTraces(panel)).toEqual(tracesBefore);

  // The message is calm and legible at both panel widths.
  await importThroughPanel(panel, 'wrong-type.json', BAD_FILES[3]![1]);
  await expect(panel.locator('.import-error')).toContainText('wrong-type.json was not imported.');
  await screenshotLibrary(panel, testInfo, 'library-refused-file');

  // Dismissing the message leaves the library as it was.
  await panel.getByRole('button', { name: 'Dismiss import message' }).click();
  await expect(panel.locator('.import-error')).toHaveCount(0);
  await expect(list.getByText('good', { exact: true })).toBeVisible();
});
