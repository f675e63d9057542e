import type { Page } from '@playwright/test';
import { EventType } from '../../../lib/trace-events';
import { waitForStored, type StoredEvent } from './store';

/**
 * Lets the batcher hand its last batch over on the page's fake clock, closes the tab, and reads the trace titled
 * `title` back once it holds `last`: its events, and the full snapshots among them.
 */
export async function closeAndReadSnapshots(
  page: Page,
  extPage: (path: string) => Promise<Page>,
  title: string,
  last: string,
): Promise<{ events: StoredEvent[]; snapshots: StoredEvent[] }> {
  await page.clock.runFor(3000);
  await page.close({ runBeforeUnload: true });
  const { events } = await waitForStored(await extPage('sidepanel.html'), title, last);
  return { events, snapshots: events.filter((e) => e.type === EventType.FullSnapshot) };
}
