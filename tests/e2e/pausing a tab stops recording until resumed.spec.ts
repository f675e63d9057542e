import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { EventType } from '../../lib/trace-events';
import { readEvents, readTraces, typedTexts } from './pages/store';

test('pausing a tab records nothing until it is resumed, and the badge says which', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  const popup = await extPage('options.html');
  const tabId = await popup.evaluate(async () => (await chrome.tabs.query({ title: 'Draft a reply' }))[0]!.id!);
  const badge = () => popup.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  await expect.poll(badge).toBe('REC');

  await popup.goto(popup.url().replace('options.html', `popup.html?tab=${tabId}`));
  await popup.getByRole('button', { name: 'Pause this tab' }).click();
  await expect(popup.getByText('Paused on this tab')).toBeVisible();
  await expect.poll(badge).toBe('||');
  await page.locator('#reply').pressSequentially('off the record', { delay: 5 });
  await page.waitForTimeout(500);

  await popup.getByRole('button', { name: 'Resume this tab' }).click();
  await expect.poll(badge).toBe('REC');
  await page.locator('#reply').pressSequentially(' and back', { delay: 5 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status).toBe('ended');
  const events = await readEvents(panel, (await readTraces(panel))[0]!.id);
  const typed = typedTexts(events).map((e) => e.text);
  // Resuming takes a fresh snapshot, which holds the paused text as the field's state; no keystroke of it.
  expect(typed.some((t) => /^off the rec?o?r?d?$/.test(t) || t === 'o' || t === 'of')).toBe(false);
  expect(typed.at(-1)).toBe('off the record and back');
  expect(events.filter((e) => e.type === EventType.FullSnapshot).length).toBe(2);
});
