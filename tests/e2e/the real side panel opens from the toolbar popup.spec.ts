import { expect, test } from './fixtures';

test('clicking "Open side panel" in the popup opens the real side panel', async ({ extPage, context, server }) => {
  const site = await context.newPage();
  await site.goto(server.url('/textarea.html'));
  const tabId = await (await extPage('options.html')).evaluate(async () => {
    const [tab] = await chrome.tabs.query({ title: 'Draft a reply' });
    return tab!.id!;
  });
  const popup = await extPage(`popup.html?tab=${tabId}`);
  await expect(popup.getByText('Shadowable on 127.0.0.1')).toBeVisible();
  await expect(popup.getByText('Nothing is recorded on 127.0.0.1 until you turn this on')).toBeVisible();
  await popup.getByRole('button', { name: 'Open side panel' }).click();
  await expect
    .poll(() =>
      popup.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] })).length),
    )
    .toBe(1);
});
