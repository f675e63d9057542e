/**
 * Making a site shadowable is a real permission: Chrome is asked for host access to that one site, and the
 * recorder is registered for exactly the sites that are shadowable and granted.
 */
import { syncRecorderRegistration } from './recorder-registration';
import { shadowableSites, type ShadowableSite } from './settings';
import { matchPatternsFor, type SiteHost } from './sites';

export type OptInResult = { ok: true } | { ok: false; message: string };

async function save(sites: ShadowableSite[]): Promise<void> {
  await shadowableSites.setValue(sites);
  await syncRecorderRegistration(sites);
}

/** Must be called from a click: Chrome shows its prompt only for a user gesture. */
export async function makeShadowable(host: SiteHost): Promise<OptInResult> {
  let granted: boolean;
  try {
    granted = await chrome.permissions.request({ origins: matchPatternsFor(host) });
  } catch (error) {
    return { ok: false, message: `Chrome refused access to ${host}: ${String(error)}` };
  }
  if (!granted) {
    return { ok: false, message: `Shadowtrace needs access to ${host} to record it. Try again and choose Allow.` };
  }
  const sites = await shadowableSites.getValue();
  const others = sites.filter((s) => s.host !== host);
  await save([...others, { host, addedAt: Date.now(), paused: false }]);
  return { ok: true };
}

export async function setSitePaused(host: SiteHost, paused: boolean): Promise<void> {
  const sites = await shadowableSites.getValue();
  await save(sites.map((s) => (s.host === host ? { ...s, paused } : s)));
}

/** Removes the site and gives its host access back to Chrome: the extension can no longer see it at all. */
export async function removeSite(host: SiteHost): Promise<void> {
  const sites = await shadowableSites.getValue();
  await save(sites.filter((s) => s.host !== host));
  try {
    await chrome.permissions.remove({ origins: matchPatternsFor(host) });
  } catch {
    // Access granted by the manifest itself (the test build's loopback) cannot be removed; nothing runs there
    // anyway, since the recorder is no longer registered for it.
  }
}
