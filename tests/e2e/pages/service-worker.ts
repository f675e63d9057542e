import type { BrowserContext, Page } from '@playwright/test';

/**
 * Stops the extension's service worker through Chrome's DevTools protocol, as Chrome itself does when idle.
 * Playwright does not notice the stop, so tests talk to the extension through its pages afterwards.
 */
export async function stopServiceWorker(context: BrowserContext, anyPage: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(anyPage);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extensionId));
  if (!worker) throw new Error('The extension has no running service worker to stop');
  const { success } = (await cdp.send('Target.closeTarget', { targetId: worker.targetId })) as { success: boolean };
  if (!success) throw new Error('Chrome did not stop the service worker');
  // Confirm that this worker instance is gone (the next message starts a new one with a new target).
  for (let i = 0; i < 50; i++) {
    const now = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string }[] };
    if (!now.targetInfos.some((t) => t.targetId === worker.targetId)) break;
    if (i === 49) throw new Error('The service worker is still running after being stopped');
    await new Promise((r) => setTimeout(r, 100));
  }
  await cdp.detach();
}
