import { expect, test } from './fixtures';
import { openReplay, playhead, readMoments, recordTextareaSession, replayedTextarea, screenshotReplay, waitForMoments } from './pages/replay';

test('the next-moment key lands on the next moment, the previous-moment key goes back, and the list follows', async ({
  extPage,
  context,
  server,
}, testInfo) => {
  // A short review comment: a first burst, a pause, a word written and revised, another pause, an undo.
  await recordTextareaSession(context, extPage, server, async (box, page) => {
    await box.pressSequentially('Dear team, we ship', { delay: 70 });
    await page.waitForTimeout(3500);
    await box.pressSequentially(' on monday', { delay: 70 });
    for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace', { delay: 70 });
    await box.pressSequentially('friday', { delay: 70 });
    await page.waitForTimeout(3500);
    await box.pressSequentially(' at noon', { delay: 70 });
  });

  const panel = await extPage('sidepanel.html');
  const trace = await waitForMoments(panel);
  const moments = await readMoments(panel, trace.id);
  // The moments a mentee steps through: all but bursts, one stop per time.
  const stops = [...new Set(moments.filter((m) => m.kind !== 'burst').map((m) => m.t))];
  expect(moments.filter((m) => m.kind === 'pause')).toHaveLength(2);
  expect(stops.length).toBeGreaterThanOrEqual(4);

  await openReplay(panel, trace.title);
  const start = await playhead(panel);
  const list = panel.getByRole('list', { name: 'Moments' });
  // Every listed moment is a button named for what happened and when.
  await expect(list.getByRole('button')).toHaveCount(moments.filter((m) => m.kind !== 'burst').length);
  await expect(list.getByRole('button', { name: /^Pause, [34] s, before more writing at \d:\d\d$/ })).toHaveCount(2);
  await expect(panel.getByText('previous / next moment')).toBeVisible();

  // `]` from the start lands on each next moment in turn, and the list highlights it.
  await panel.locator('.player-scrubber').focus();
  let at = start;
  const visited: number[] = [];
  for (;;) {
    const next = stops.find((t) => t > at);
    if (next === undefined) break;
    await panel.keyboard.press(']');
    await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(next));
    await expect(list.locator('[aria-current="true"]').first()).toHaveAttribute('aria-label', / at \d:\d\d$/);
    await expect(list.locator('li.current').first()).toHaveAttribute('data-t', String(next));
    visited.push(next);
    at = next;
  }
  expect(visited).toEqual(stops.filter((t) => t > start));
  // At the last moment, `]` stays.
  await panel.keyboard.press(']');
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(at));

  // `[` goes back one moment at a time.
  await panel.keyboard.press('[');
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(visited.at(-2)));

  // The buttons do the same, under the names a screen reader announces.
  await panel.getByRole('button', { name: 'Next moment' }).click();
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(visited.at(-1)));
  await panel.getByRole('button', { name: 'Previous moment' }).click();
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(visited.at(-2)));

  // A moment in the list seeks there, and the replay shows the page as it was then: the first pause comes
  // right after the first burst.
  const firstPause = moments.find((m) => m.kind === 'pause')!;
  await list.getByRole('button', { name: /^Pause/ }).first().click();
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(firstPause.t));
  await expect(replayedTextarea(panel)).toHaveValue('Dear team, we ship');
  await panel.keyboard.press(']');
  const after = stops.find((t) => t > firstPause.t)!;
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(after));

  await list.getByRole('button', { name: /^Pause/ }).last().click();
  await screenshotReplay(panel, testInfo, 'moments');
  // And in a full tab, where the moments sit beside the replay.
  await screenshotReplay(panel, testInfo, 'moments', [1200]);
  await panel.emulateMedia({ colorScheme: 'dark' });
  await screenshotReplay(panel, testInfo, 'moments-dark', [360]);
});
