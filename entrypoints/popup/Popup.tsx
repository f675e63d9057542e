import { useEffect, useState } from 'react';
import { ProblemBanner } from '@/components/ProblemBanner';
import { useShadowableSites } from '@/components/useShadowableSites';
import { makeShadowable, setSitePaused } from '@/lib/site-optin';
import { pausedTabs } from '@/lib/settings';
import { togglePaused } from '@/lib/tab-pause';
import { siteOfUrl } from '@/lib/sites';
import { isLinkOf } from '@/lib/share-link';
import { pendingSharedLink, shareServiceUrl } from '@/lib/share-settings';

interface FirefoxSidebar {
  sidebarAction: { open: () => Promise<void> };
}

interface CurrentTab {
  id: number;
  windowId: number;
  site: string | null;
  /** Readable with activeTab (the toolbar click) or host access; used only to offer "Watch in side panel". */
  url: string | null;
}

/** The tab the popup acts on. `?tab=` lets an extension page open the popup for a given tab (tests do). */
async function currentTab(): Promise<CurrentTab | null> {
  const param = new URLSearchParams(location.search).get('tab');
  const tab = param
    ? await chrome.tabs.get(Number(param))
    : (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  if (!tab || tab.id === undefined) return null;
  return { id: tab.id, windowId: tab.windowId, site: siteOfUrl(tab.url), url: tab.url ?? null };
}

export function Popup() {
  const [tab, setTab] = useState<CurrentTab | null>(null);
  const [tabPaused, setTabPaused] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sites = useShadowableSites();
  const [watchLink, setWatchLink] = useState<string | null>(null);

  // A trace link of the team's share service open in this tab: offer to watch it in the side panel.
  useEffect(() => {
    if (!tab?.url) return setWatchLink(null);
    const url = tab.url;
    void shareServiceUrl.getValue().then((service) => setWatchLink(service && isLinkOf(url, service) ? url : null));
  }, [tab?.url]);

  useEffect(() => {
    void currentTab().then(setTab);
    void pausedTabs.getValue().then((ids) => setTabPaused(tab ? ids.includes(tab.id) : false));
    return pausedTabs.watch((ids) => setTabPaused(tab ? (ids ?? []).includes(tab.id) : false));
  }, [tab?.id]);

  const entry = sites.find((s) => s.host === tab?.site);

  const openPanel = async () => {
    if (!tab) return;
    // Must run inside the click: browsers open the panel only for a user gesture. Firefox has a sidebar.
    if (import.meta.env.FIREFOX) await (browser as unknown as FirefoxSidebar).sidebarAction.open();
    else await chrome.sidePanel.open({ windowId: tab.windowId });
  };

  const watch = async () => {
    if (!tab || !watchLink) return;
    // Open first, inside the click (browsers need the gesture); the panel takes the link from session storage.
    const opening = import.meta.env.FIREFOX
      ? (browser as unknown as FirefoxSidebar).sidebarAction.open()
      : chrome.sidePanel.open({ windowId: tab.windowId });
    await pendingSharedLink.setValue({ link: watchLink, at: Date.now() });
    await opening;
  };

  return (
    <main style={{ padding: 12, width: 300 }}>
      <h1>Shadowtrace</h1>
      <ProblemBanner tabId={tab?.id} />
      {watchLink && (
        <section aria-label="Shared clip">
          <p>This tab shows a clip shared through your team's share service.</p>
          <button className="primary" onClick={() => void watch()}>
            Watch in side panel
          </button>
        </section>
      )}
      {!tab?.site ? (
        <p className="muted">This page cannot be recorded. Shadowtrace records web sites (http and https) only.</p>
      ) : (
        <section aria-label="This site">
          <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={Boolean(entry && !entry.paused)}
              onChange={async (e) => {
                setError(null);
                const on = e.currentTarget.checked;
                if (entry) await setSitePaused(entry.host, !on);
                else if (on) {
                  const result = await makeShadowable(tab.site!);
                  if (!result.ok) setError(result.message);
                }
              }}
            />
            <span>Shadowable on {tab.site}</span>
          </label>
          <p aria-live="polite">
            {!entry ? (
              <span className="muted">Nothing is recorded on {tab.site} until you turn this on.</span>
            ) : entry.paused ? (
              <span className="muted">Paused on {tab.site}: nothing is recorded there.</span>
            ) : tabPaused ? (
              <span className="muted">Paused on this tab (Alt+Shift+P resumes).</span>
            ) : (
              <span>
                <span className="rec-dot" aria-hidden="true" />
                Recording on {tab.site}. Tabs opened before you turned it on start recording when reloaded.
              </span>
            )}
          </p>
          {entry && !entry.paused && (
            <button onClick={() => void togglePaused(tab.id)}>
              {tabPaused ? 'Resume this tab' : 'Pause this tab'}
            </button>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </section>
      )}
      <p style={{ display: 'flex', gap: 8, marginTop: 16 }}>
        <button className="primary" onClick={() => void openPanel()}>
          Open side panel
        </button>
        <button onClick={() => void chrome.runtime.openOptionsPage()}>Sites…</button>
      </p>
    </main>
  );
}
