import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { openReplay, recordTextareaSession, replayedTextarea, screenshotReplay, waitForMoments } from './pages/replay';

/** The text a version's inline diff leads to: what stayed and what was added, without what was removed. */
async function textAfter(version: Locator): Promise<string> {
  return version.locator('.draft-diff').evaluate((p) => {
    const copy = p.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('del, .visually-hidden').forEach((n) => n.remove());
    return copy.textContent === '(empty)' ? '' : (copy.textContent ?? '');
  });
}

test('the draft view shows each version of a field with what it removed and added, each linked to the replay', async ({
  extPage,
  context,
  server,
}, testInfo) => {
  await recordTextareaSession(context, extPage, server, async (box, page) => {
    await box.pressSequentially('We ship on monday', { delay: 70 });
    await page.waitForTimeout(3000);
    for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace', { delay: 70 });
    await box.pressSequentially('friday', { delay: 70 });
    await page.waitForTimeout(3000);
    await box.pressSequentially(' at noon.', { delay: 70 });
  });

  const panel = await extPage('sidepanel.html');
  const trace = await waitForMoments(panel);
  await openReplay(panel, trace.title);

  const draftsTab = panel.getByRole('tab', { name: 'Drafts' });
  await draftsTab.click();
  await expect(draftsTab).toHaveAttribute('aria-selected', 'true');
  const versions = panel.getByRole('tabpanel').getByRole('list', { name: 'Versions' }).getByRole('listitem');
  await expect(versions.first()).toBeVisible();
  // The field is named as the page labels it.
  await expect(panel.getByRole('tabpanel')).toContainText('Comment (text area)');

  // As found (empty), then at least: the first burst, the revision, the last burst.
  const count = await versions.count();
  expect(count).toBeGreaterThanOrEqual(4);
  await expect(versions.first()).toContainText('As found');
  const texts: string[] = [];
  for (let i = 0; i < count; i++) texts.push(await textAfter(versions.nth(i)));
  expect(texts[0]).toBe('');
  expect(texts).toContain('We ship on monday');
  expect(texts.at(-1)).toBe('We ship on friday at noon.');
  // What changed is marked inline: "monday" removed, "friday" and " at noon." added.
  await expect(versions.locator('del').filter({ hasText: 'monday' })).toHaveCount(1);
  await expect(versions.locator('ins').filter({ hasText: 'friday' })).toHaveCount(1);
  await expect(versions.locator('ins').filter({ hasText: 'at noon.' })).toHaveCount(1);
  // Each removal and addition is spelled out for a screen reader, not only coloured.
  await expect(versions.locator('del').filter({ hasText: 'monday' })).toContainText('[removed: monday]');

  // Each version's button seeks the replay to when it was reached: the replayed field shows that version.
  for (let i = 1; i < count; i++) {
    await versions.nth(i).getByRole('button', { name: new RegExp(`^Show version ${i} in the replay at \\d:\\d\\d$`) }).click();
    await expect(replayedTextarea(panel)).toHaveValue(texts[i]!);
    await expect(versions.nth(i)).toHaveClass(/current/);
  }

  const revised = texts.findIndex((t) => t.startsWith('We ship on friday'));
  await versions.nth(revised).getByRole('button').click();
  await screenshotReplay(panel, testInfo, 'drafts');
});
