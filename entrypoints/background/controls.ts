/** The senior's keyboard shortcuts: pause or resume this tab, and drop a bookmark. */
import { setBadge } from '@/lib/badge';
import type { ToContent } from '@/lib/protocol';
import { pausedTabs } from '@/lib/settings';

async function tell(tabId: number, message: ToContent): Promise<boolean> {
  try {
    await chrome.tabs.sendMessage(tabId, message, { frameId: 0 });
    return true;
  } catch {
    return false; // No recorder in that tab: the site is not shadowable.
  }
}

export async function togglePaused(tabId: number): Promise<boolean> {
  const paused = await pausedTabs.getValue();
  const nowPaused = !paused.includes(tabId);
  await pausedTabs.setValue(nowPaused ? [...paused, tabId] : paused.filter((id) => id !== tabId));
  if (await tell(tabId, { type: 'recording/set-paused', paused: nowPaused })) {
    await setBadge(tabId, nowPaused ? 'paused' : 'recording');
  }
  return nowPaused;
}

export async function handleCommand(command: string, tab: chrome.tabs.Tab | undefined): Promise<void> {
  const tabId = tab?.id ?? (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (tabId === undefined) return;
  if (command === 'toggle-recording') await togglePaused(tabId);
  else if (command === 'drop-bookmark') await tell(tabId, { type: 'recording/bookmark' });
}
