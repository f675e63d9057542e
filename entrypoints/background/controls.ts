/** The senior's keyboard shortcuts: pause or resume this tab, and drop a bookmark. */
import { tellTab, togglePaused } from '@/lib/tab-pause';

export async function handleCommand(command: string, tab: chrome.tabs.Tab | undefined): Promise<void> {
  const tabId = tab?.id ?? (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (tabId === undefined) return;
  if (command === 'toggle-recording') await togglePaused(tabId);
  else if (command === 'drop-bookmark') await tellTab(tabId, { type: 'recording/bookmark' });
}
