/**
 * The recorder runs only where the senior opted in: its scripts are registered for exactly the shadowable,
 * unpaused sites whose host access Chrome granted, and for nothing else. Re-run after every change.
 */
import { matchPatternsFor } from './sites';
import type { ShadowableSite } from './settings';

export const RECORDER_SCRIPT_IDS = { main: 'shadowtrace-recorder-main', isolated: 'shadowtrace-recorder' } as const;
export const RECORDER_FILES = { main: 'content-scripts/recorder-main.js', isolated: 'content-scripts/recorder.js' };

export async function grantedSites(sites: readonly ShadowableSite[]): Promise<string[]> {
  const granted: string[] = [];
  for (const site of sites) {
    if (site.paused) continue;
    if (await chrome.permissions.contains({ origins: matchPatternsFor(site.host) })) granted.push(site.host);
  }
  return granted;
}

let queue: Promise<unknown> = Promise.resolve();

/** Serialised within a context: two quick changes must not register the same script ids twice. */
export function syncRecorderRegistration(sites: readonly ShadowableSite[]): Promise<string[]> {
  const run = queue.then(() => register(sites));
  queue = run.catch(() => undefined);
  return run;
}

async function register(sites: readonly ShadowableSite[]): Promise<string[]> {
  const hosts = await grantedSites(sites);
  const ids = Object.values(RECORDER_SCRIPT_IDS);
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids });
  if (existing.length > 0) await chrome.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  if (hosts.length === 0) return hosts;
  const matches = hosts.flatMap(matchPatternsFor);
  await chrome.scripting.registerContentScripts([
    // The main-world part must be in place before the page creates its canvas contexts.
    {
      id: RECORDER_SCRIPT_IDS.main,
      js: [RECORDER_FILES.main],
      matches,
      runAt: 'document_start',
      world: 'MAIN',
      persistAcrossSessions: true,
    },
    {
      id: RECORDER_SCRIPT_IDS.isolated,
      js: [RECORDER_FILES.isolated],
      matches,
      runAt: 'document_start',
      persistAcrossSessions: true,
    },
  ]);
  return hosts;
}
