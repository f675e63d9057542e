import type { BrowserContext, Page } from '@playwright/test';

interface WorkerVersion {
  scriptURL: string;
  runningStatus: string;
}

/**
 * Stops the extension's service worker through Chrome's DevTools protocol, as Chrome itself does when idle,
 * and confirms the stop from Chrome's own service-worker events. Playwright does not notice the stop, so tests
 * talk to the extension through its pages afterwards.
 */
export async function stopServiceWorker(context: BrowserContext, anyPage: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(anyPage);
  const ours = (v: WorkerVersion) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`);
  const stopped = new Promise<void>((resolve) => {
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: WorkerVersion[] }) => {
      if (e.versions.some((v) => ours(v) && v.runningStatus === 'stopped')) resolve();
    });
  });
  await cdp.send('ServiceWorker.enable');
  // A worker stopped before runs again only when something wakes it (the recorder's next batch, every 2 s).
  const runningWorker = async () => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    return targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extensionId));
  };
  let worker = await runningWorker();
  for (let waited = 0; !worker && waited < 6_000; waited += 200) {
    await new Promise((ok) => setTimeout(ok, 200));
    worker = await runningWorker();
  }
  if (!worker) throw new Error('The extension has no running service worker to stop');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await Promise.race([
    stopped,
    new Promise((_, reject) => setTimeout(() => reject(new Error('Chrome did not report the worker stopped')), 10_000)),
  ]);
  await cdp.detach();
}
