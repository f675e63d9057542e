/** Pausing one tab's recording: the keyboard shortcut (Alt+Shift+P) and the popup's button share this. */
import { setBadge } from './badge';
import type { ToContent } from './protocol';
import { pausedTabs } from './settings';

export async function tellTab(tabId: number, message: ToContent): Promise<boolean> {
  try {
    await chrome.tabs.sendMessage(tabId, message, { frameId: 0 });
    return true;
  } catch {
    return false; // No recorder in that tab: the site is not shadowable.
  }
}

/** Flips the tab between recording and paused; returns whether it is paused now. */
export async function togglePaused(tabId: number): Promise<boolean> {
  const paused = await pausedTabs.getValue();
  const nowPaused = !paused.includes(tabId);
  await pausedTabs.setValue(nowPaused ? [...paused, tabId] : paused.filter((id) => id !== tabId));
  if (await tellTab(tabId, { type: 'recording/set-paused', paused: nowPaused })) {
    await setBadge(tabId, nowPaused ? 'paused' : 'recording');
  }
  return nowPaused;
}
