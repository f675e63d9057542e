/**
 * Privacy of a published clip, checked where it matters: the bytes the share service holds, decrypted in the test
 * with the link's key and searched (events, snapshot, moments, notes, title, URLs). The author records for real,
 * chooses the range with Set start / Set end, redacts an element by selector and another by picking it, and
 * publishes. Text typed and erased before the range, typed after it, or inside a redacted element is nowhere in
 * the bundle; the text typed inside the range is.
 */
import { readFile } from 'node:fs/promises';
import { decodeBundle, readBundleFile } from '../../lib/bundle';
import { expect, test } from './fixtures';
import { optIn } from './pages/options';
import { openClipEditor, partsOf, pickInReplay, publishClip, seekEditor, setShareService, startTestHub, type TestHub } from './pages/share';
import { readEvents, readTraces, typedTexts } from './pages/store';

let hub: TestHub;
test.beforeAll(async () => {
  hub = await startTestHub();
});
test.afterAll(async () => {
  await hub?.close();
});

test('a published clip holds nothing from outside its range or from redacted elements', async ({ extPage, context, server }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await optIn(extPage);
  await setShareService(extPage, hub.url);

  const page = await context.newPage();
  await page.goto(server.url('/share-work.html'));
  const reply = page.locator('#reply');
  // Before the range: typed, then erased.
  await reply.click();
  await reply.pressSequentially('ERASED_BEFORE_SECRET', { delay: 15 });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await reply.pressSequentially('Kept', { delay: 15 });
  await page.waitForTimeout(700);
  // Inside the range: in the comment, and in the redacted panel's field.
  await reply.pressSequentially(' INSIDE_RANGE_TEXT', { delay: 15 });
  await page.locator('#customer-note').pressSequentially('REDACTED_FIELD_SECRET', { delay: 15 });
  await page.waitForTimeout(700);
  // After the range.
  await reply.pressSequentially(' AFTER_RANGE_SECRET', { delay: 15 });
  await page.waitForTimeout(200);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => JSON.stringify(await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')), { timeout: 20_000 })
    .toContain('AFTER_RANGE_SECRET');
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const firstAt = events[0]!.timestamp;
  const inputs = typedTexts(events);
  const when = (pred: (text: string) => boolean) => inputs.find((e) => pred(e.text))!.timestamp;
  const kept = when((t) => t === 'Kept');
  const insideEnd = when((t) => t === 'REDACTED_FIELD_SECRET');
  const after = when((t) => t.includes('AFTER'));
  const start = kept + 300;
  const end = insideEnd + 300;
  expect(end).toBeLessThan(after);

  await openClipEditor(panel, trace.title);
  await seekEditor(panel, start - firstAt);
  await panel.getByRole('button', { name: 'Set start' }).click();
  await seekEditor(panel, end - firstAt);
  await panel.getByRole('button', { name: 'Set end' }).click();
  await expect(panel.locator('output[aria-label="Clip range"]')).toHaveAttribute('data-start', String(start));
  await expect(panel.locator('output[aria-label="Clip range"]')).toHaveAttribute('data-end', String(end));

  // Hide the panel by picking it in the replay; mask the heading by selector.
  await panel.getByRole('button', { name: 'Pick elements to redact' }).click();
  await pickInReplay(panel, '#secret-panel');
  await panel.getByRole('button', { name: 'Stop picking' }).click();
  await panel.getByRole('combobox', { name: 'Redaction mode' }).selectOption('mask');
  await panel.getByRole('textbox', { name: 'Selector to redact' }).fill('h1');
  await panel.getByRole('button', { name: 'Add redaction' }).click();
  await expect(panel.getByRole('list', { name: 'Redacted elements' })).toContainText('Hidden: div#secret-panel');
  await expect(panel.getByRole('list', { name: 'Redacted elements' })).toContainText('Masked: h1');
  await panel.getByRole('textbox', { name: 'Note', exact: true }).fill('A note inside');
  await panel.getByRole('button', { name: /^Add note at / }).click();

  await panel.getByRole('textbox', { name: 'Clip title' }).fill('Privacy check');
  // The same bundle as a .shadowtrace file, for teams without a service.
  const downloading = panel.waitForEvent('download');
  await panel.getByRole('button', { name: 'Save as .shadowtrace file' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^Privacy-check-\d{4}-\d{2}-\d{2}\.shadowtrace$/);
  const fromFile = JSON.stringify((await readBundleFile(new Uint8Array(await readFile((await file.path())!)))).bundle);
  const link = await publishClip(panel);
  const { id, key } = partsOf(link);

  // What the service holds, decrypted here with the link's key.
  const stored = await hub.download(id);
  const { bundle } = await decodeBundle(stored, key);
  const json = JSON.stringify(bundle);
  expect(fromFile).toBe(json);
  for (const secret of ['ERASED_BEFORE_SECRET', 'AFTER_RANGE_SECRET', 'REDACTED_FIELD_SECRET', 'ACME_CUSTOMER_NAME', 'Write a review comment', 'Team review notes', server.origin, '127.0.0.1']) {
    expect(json, secret).not.toContain(secret);
  }
  expect(json).toContain('Kept INSIDE_RANGE_TEXT');
  expect(json).toContain('data-shadowtrace-redacted');
  expect(bundle.notes).toEqual([{ t: expect.any(Number), text: 'A note inside' }]);
  expect(bundle.title).toBe('Privacy check');
  expect(bundle.url).toBeNull();
  expect(bundle.duration).toBe(end - start);
  console.log(`published and checked in ${Date.now() - t0} ms; bundle ${stored.byteLength} bytes, ${bundle.events.length} events`);
});
