import { expect, test } from './fixtures';
import { optIn } from './pages/options';

test('the side panel shows the recording trace and its growth while the senior works', async ({ extPage, context, server }) => {
  await optIn(extPage);
  const panel = await extPage('sidepanel.html');
  await expect(panel.getByText('No traces yet')).toBeVisible();

  const page = await context.newPage();
  await page.goto(server.url('/textarea.html'));
  const list = panel.getByRole('list', { name: 'Traces' });
  await expect(list.getByText('Draft a reply')).toBeVisible();
  await expect(list.getByLabel('Recording')).toBeVisible();
  await expect(list.locator('.trace-site')).toHaveText('127.0.0.1');
  const sizeBefore = await list.locator('.trace-size').innerText();

  await page.locator('#reply').pressSequentially('more and more work in progress', { delay: 10 });
  await expect(list.locator('.trace-size')).not.toHaveText(sizeBefore);

  await page.close({ runBeforeUnload: true });
  await expect(list.getByLabel('Recording')).toHaveCount(0);
  await expect(list.locator('.trace-duration')).not.toHaveText('0 s');
});
