/**
 * Where the team's share service lives (issue 5). Set on the options page, which also asks Chrome for host access
 * to that one origin. Kept apart from lib/settings.ts so that sharing is one concern in one file.
 */
import { storage } from 'wxt/utils/storage';
import { normalizeServiceUrl } from './share-link';

/** The service's base URL, canonical (lib/share-link.ts `normalizeServiceUrl`), or null when none is set. */
export const shareServiceUrl = storage.defineItem<string | null>('local:shareServiceUrl', { fallback: null });

/**
 * A link the popup's "Watch in side panel" hands over. Session storage: it holds the link's key, so it never
 * reaches the disk, and it is cleared as soon as the side panel takes it.
 */
export const pendingSharedLink = storage.defineItem<{ link: string; at: number } | null>('session:pendingSharedLink', {
  fallback: null,
});

/**
 * The match pattern Chrome is asked for: `https://hub.example.com/*`. Without a port (Chrome's patterns then
 * match every port of the host); a path prefix still needs the whole host.
 */
export function originPatternOf(service: string): string {
  const url = new URL(normalizeServiceUrl(service));
  return `${url.protocol}//${url.hostname}/*`;
}
