/**
 * Issue 5's loop, in two browser profiles against a share service started by the test: the author records on a
 * local page, clips, notes, redacts and publishes; the mentee pastes the link in the side panel, watches, asks;
 * the author sees the question (Published list and toolbar badge) and answers; the mentee sees the answer. The
 * mentee also gets "Watch in side panel" from the popup on the service's own page for the link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, launchExtension, test } from './fixtures';
import { optIn } from './pages/options';
import {
  badgeTextOf,
  extensionPage,
  openClipEditor,
  pickInReplay,
  publishClip,
  seekEditor,
  setShareService,
  startTestHub,
  type TestHub,
} from './pages/share';
import { readEvents, readTraces } from './pages/store';

let hub: TestHub;
test.beforeAll(async () => {
  hub = await startTestHub();
});
test.afterAll(async () => {
  await hub?.close();
});

test('an author publishes a clip and a mentee in another profile watches it, asks, and sees the answer', async ({ extPage, context, server }, testInfo) => {
  test.setTimeout(150_000);
  const t0 = Date.now();
  await optIn(extPage);
  await setShareService(extPage, hub.url);

  // The author works on a shadowable page.
  const page = await context.newPage();
  await page.goto(server.url('/share-work.html'));
  await page.locator('#reply').click();
  await page.locator('#reply').pressSequentially('First try', { delay: 30 });
  await page.waitForTimeout(600);
  await page.locator('#reply').pressSequentially(', then the point', { delay: 30 });
  await page.locator('#customer-note').pressSequentially('INTERNAL_NOTE_42', { delay: 20 });
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => JSON.stringify(await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')), { timeout: 20_000 })
    .toContain('INTERNAL_NOTE_42');
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const firstAt = events[0]!.timestamp;
  const typed = (text: string) => events.find((e) => e.type === 3 && e.data.source === 5 && e.data.text === text)!.timestamp;

  // Clip from just after "First try" to the end; a note; the panel with the customer's name hidden by picking it.
  await openClipEditor(panel, trace.title);
  await seekEditor(panel, typed('First try') - firstAt + 100);
  await panel.getByRole('button', { name: 'Set start' }).click();
  await expect(panel.locator('output[aria-label="Clip range"]')).toHaveAttribute(
    'data-start',
    String(typed('First try') + 100),
  );
  await seekEditor(panel, typed('First try, then the point') - firstAt + 50);
  await panel.getByRole('textbox', { name: 'Note', exact: true }).fill('Watch how the point comes second');
  await panel.getByRole('button', { name: /^Add note at / }).click();
  await expect(panel.getByRole('list', { name: 'Clip notes' })).toContainText('Watch how the point comes second');

  await panel.getByRole('button', { name: 'Pick elements to redact' }).click();
  await pickInReplay(panel, '#secret-panel');
  await expect(panel.getByRole('list', { name: 'Redacted elements' })).toContainText('div#secret-panel');
  await panel.getByRole('button', { name: 'Stop picking' }).click();

  // The preview replays the decoded bundle: the panel is a placeholder, its text is gone.
  await panel.getByRole('tab', { name: 'Preview' }).click();
  const preview = panel.getByRole('region', { name: 'Preview of the clip' });
  await expect(preview.locator('iframe')).toHaveAttribute('sandbox', 'allow-same-origin');
  const previewDoc = panel.frameLocator('[aria-label="Preview of the clip"] iframe');
  await expect(previewDoc.locator('#secret-panel[data-shadowtrace-redacted]')).toHaveCount(1);
  await expect(previewDoc.locator('body')).not.toContainText('ACME_CUSTOMER_NAME');
  await panel.screenshot({ path: testInfo.outputPath('clip-preview.png') });

  await panel.getByRole('textbox', { name: 'Clip title' }).fill('Point second');
  await expect(panel.getByRole('combobox', { name: 'Expires after' })).toHaveValue('30');
  const link = await publishClip(panel);
  expect(link).toMatch(new RegExp(`^${hub.url}/s/[A-Za-z0-9_-]{22}#k=[A-Za-z0-9_-]{43}$`));
  await expect(panel.getByText('Published. The link is copied to the clipboard')).toBeVisible();
  // What the clipboard holds, pasted as a person would (reading it needs a permission opaque origins cannot get).
  const clipTitle = panel.getByRole('textbox', { name: 'Clip title' });
  await clipTitle.fill('');
  await clipTitle.focus();
  await panel.keyboard.press('ControlOrMeta+V');
  await expect(clipTitle).toHaveValue(link);
  await clipTitle.fill('Point second');
  const published = Date.now() - t0;

  // The mentee, in a fresh profile, pastes the link.
  const menteeDir = mkdtempSync(join(tmpdir(), 'shadowtrace-mentee-'));
  const mentee = await launchExtension(menteeDir);
  try {
    const mpanel = await extensionPage(mentee.context, mentee.extensionId, 'sidepanel.html');
    await mpanel.getByRole('textbox', { name: 'Shared link', exact: true }).fill(link);
    await mpanel.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(mpanel.getByRole('heading', { name: 'Point second' })).toBeVisible();
    const replay = mpanel.getByRole('region', { name: 'Shared clip replay' });
    await expect(replay.locator('iframe')).toHaveAttribute('sandbox', 'allow-same-origin');
    await expect(mpanel.getByRole('list', { name: 'Notes' })).toContainText('Watch how the point comes second');
    await expect(mpanel.frameLocator('[aria-label="Shared clip replay"] iframe').locator('body')).not.toContainText('ACME_CUSTOMER_NAME');

    // Asks at 0:01.
    await mpanel.getByRole('slider', { name: 'Playhead' }).fill('1200');
    await mpanel.getByRole('textbox', { name: 'Question', exact: true }).fill('Why not lead with the point?');
    await mpanel.getByRole('button', { name: 'Ask a question at 0:01' }).click();
    await expect(mpanel.getByText('Asked at 0:01.', { exact: false })).toBeVisible();
    await expect(mpanel.getByRole('list', { name: 'Asked' })).toContainText('Why not lead with the point?');
    await expect(mpanel.getByRole('list', { name: 'Asked' })).toContainText('Not answered yet.');

    // The author sees it: the Published list (figures and the question) and the toolbar badge.
    await panel.getByRole('button', { name: 'Back to replay' }).click();
    await panel.getByRole('button', { name: 'Back to traces' }).click();
    const item = panel.getByRole('list', { name: 'Published' }).getByRole('listitem', { name: 'Point second' });
    await expect(item.getByLabel('Figures of Point second')).toContainText('1 view · 1 question (1 unanswered)', { timeout: 20_000 });
    await expect.poll(() => badgeTextOf(panel), { timeout: 15_000 }).toBe('1');
    await panel.screenshot({ path: testInfo.outputPath('published-list.png') });

    await item.getByRole('textbox', { name: 'Answer to: Why not lead with the point?' }).fill('The reader needs the context first.');
    await item.getByRole('button', { name: 'Send answer' }).click();
    await expect(item.getByText('Answer sent.')).toBeVisible();
    await expect(item.getByLabel('Figures of Point second')).toContainText('1 question ·');
    await expect.poll(() => badgeTextOf(panel), { timeout: 15_000 }).toBe('');

    // The mentee sees the answer (the open clip reads its thread again every few seconds).
    await expect(mpanel.getByRole('list', { name: 'Asked' })).toContainText('The reader needs the context first.', { timeout: 15_000 });
    await mpanel.screenshot({ path: testInfo.outputPath('mentee-answered.png') });

    // The link opened in a tab of the mentee's browser: the popup offers "Watch in side panel".
    await setShareService((p) => extensionPage(mentee.context, mentee.extensionId, p), hub.url);
    const tab = await mentee.context.newPage();
    await tab.goto(link);
    const popupHost = await extensionPage(mentee.context, mentee.extensionId, 'sidepanel.html');
    const tabId = await popupHost.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, link);
    const popup = await extensionPage(mentee.context, mentee.extensionId, `popup.html?tab=${tabId}`);
    await popup.getByRole('button', { name: 'Watch in side panel' }).click();
    await expect(popupHost.getByRole('heading', { name: 'Point second' })).toBeVisible();
    await expect(popupHost.getByRole('region', { name: 'Shared clip replay' })).toBeVisible();
    // The popup on any other page offers nothing of the kind.
    const other = await extensionPage(mentee.context, mentee.extensionId, `popup.html?tab=${await popupHost.evaluate(async () => (await chrome.tabs.getCurrent())!.id)}`);
    await expect(other.getByRole('heading', { name: 'Shadowtrace' })).toBeVisible();
    await expect(other.getByRole('button', { name: 'Watch in side panel' })).toHaveCount(0);

    // The author shortens the link's life, then revokes it; the mentee's next open is refused with its reason.
    await item.getByRole('combobox', { name: 'Expiry of Point second' }).selectOption('7');
    await expect(item.getByText('Now expires in 7 days.')).toBeVisible();
    const in7 = new Date(Date.now() + 7 * 24 * 3600 * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    await expect(item.getByLabel('Figures of Point second')).toContainText(`expires ${in7}`);
    await item.getByRole('button', { name: 'Revoke Point second' }).click();
    await item.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(item.getByLabel('Figures of Point second')).toContainText('revoked');
    await popupHost.getByRole('button', { name: 'Back to traces' }).click();
    await popupHost.getByRole('textbox', { name: 'Shared link', exact: true }).fill(link);
    await popupHost.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(popupHost.getByRole('alert')).toContainText('This link was revoked by its author on');
  } finally {
    await mentee.context.close();
    rmSync(menteeDir, { recursive: true, force: true });
  }
  console.log(`published ${Math.round(published / 1000)} s after start; whole loop ${Math.round((Date.now() - t0) / 1000)} s`);
});
