/** The toolbar badge tells the senior, per tab, that recording is on, paused, or stopped by a problem. */
export type BadgeState = 'recording' | 'paused' | 'problem';

const LOOK: Record<BadgeState, { text: string; color: string; title: string }> = {
  recording: { text: 'REC', color: '#c62828', title: 'Shadowtrace is recording this tab (Alt+Shift+P pauses)' },
  paused: { text: '||', color: '#6b7280', title: 'Shadowtrace is paused on this tab (Alt+Shift+P resumes)' },
  problem: { text: '!', color: '#b45309', title: 'Shadowtrace stopped recording on this tab: open it to see why' },
};

export async function setBadge(tabId: number, state: BadgeState): Promise<void> {
  const look = LOOK[state];
  try {
    await Promise.all([
      chrome.action.setBadgeText({ tabId, text: look.text }),
      chrome.action.setBadgeBackgroundColor({ tabId, color: look.color }),
      chrome.action.setTitle({ tabId, title: look.title }),
    ]);
  } catch {
    // The tab closed meanwhile; nothing to show.
  }
}
