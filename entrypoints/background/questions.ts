/**
 * The background's part of sharing (issue 5):
 *
 * - The share service's network for extension pages (`shadowtrace/share-fetch`): the side panel, where replays
 *   render, may connect to no other host (its content security policy), so its ShareClient sends its requests
 *   here (components/share/transport.ts). Only our own pages are served, and only the hub's API paths.
 * - The toolbar badge: the number of unanswered questions on the author's published clips, from the hub's stats,
 *   polled with chrome.alarms every few minutes and whenever a page asks (`shadowtrace/questions-refresh`).
 *
 * Nothing is kept in memory: the service worker may stop at any time; the last known counts live in session
 * storage so that a service that is briefly down does not blank the badge.
 */
import { storage } from 'wxt/utils/storage';
import { fromBase64, toBase64 } from '@/lib/bundle/base64';
import { db } from '@/lib/db';
import {
  badgeText,
  isShareApiUrl,
  linkOf,
  QuestionsRefreshRequest,
  ShareFetchRequest,
  unansweredTotal,
  type ShareFetchReply,
  type StatsLike,
} from '@/lib/published';
import { ShareClient } from '@/lib/share-client';

export const QUESTIONS_ALARM = 'shadowtrace-questions';
export const POLL_MINUTES = 3;

/** Last stats seen per clip id, so that a failed poll keeps the previous count. */
const lastStats = storage.defineItem<Record<string, StatsLike>>('session:publishedStats', { fallback: {} });

function fromOurPages(sender: chrome.runtime.MessageSender): boolean {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

export async function proxyShareFetch(req: ShareFetchRequest): Promise<ShareFetchReply> {
  if (!isShareApiUrl(req.url)) return { ok: false, message: 'That is not a share service address.' };
  try {
    const body = req.body === null ? undefined : fromBase64(req.body);
    if (body === null) return { ok: false, message: 'The request body was damaged on the way.' };
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: body as BodyInit | undefined,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { ok: true, status: res.status, contentType: res.headers.get('content-type') ?? '', body: toBase64(bytes) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Polls the stats of every published clip, shows the unanswered total on the badge, and returns it. */
export async function refreshQuestionBadge(): Promise<number> {
  const rows = await db().clips.toArray();
  const known = await lastStats.getValue();
  const next: Record<string, StatsLike> = {};
  await Promise.all(
    rows.map(async (row) => {
      const link = linkOf(row);
      if (!link || !row.published) return;
      try {
        const stats = await new ShareClient({ service: link.service }).stats(link.id, row.published.revokeToken);
        next[row.id] = { status: stats.status, unanswered: stats.unanswered };
      } catch {
        if (known[row.id]) next[row.id] = known[row.id]!;
      }
    }),
  );
  await lastStats.setValue(next);
  const count = unansweredTotal(Object.values(next));
  try {
    await chrome.action.setBadgeText({ text: badgeText(count) });
    await chrome.action.setBadgeBackgroundColor({ color: '#0969da' });
    await chrome.action.setTitle({
      title: count > 0 ? `Shadowtrace: ${count} unanswered question${count === 1 ? '' : 's'} on your published clips` : 'Shadowtrace',
    });
  } catch {
    // No action surface (Firefox sidebar builds without one); the Published list still shows the counts.
  }
  return count;
}

/** Registers the listeners; called synchronously from the background's main (entrypoints/background/index.ts). */
export function registerQuestions(): void {
  chrome.runtime.onMessage.addListener((raw: unknown, sender, reply) => {
    const fetchReq = ShareFetchRequest.safeParse(raw);
    if (fetchReq.success) {
      if (!fromOurPages(sender)) return false;
      void proxyShareFetch(fetchReq.data).then(reply);
      return true;
    }
    if (QuestionsRefreshRequest.safeParse(raw).success) {
      if (!fromOurPages(sender)) return false;
      refreshQuestionBadge().then(
        (unanswered) => reply({ ok: true, unanswered }),
        () => reply({ ok: false, unanswered: 0 }),
      );
      return true;
    }
    return false;
  });

  // Needs the "alarms" permission; without it the badge updates only when a page asks.
  if (chrome.alarms) {
    chrome.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === QUESTIONS_ALARM) void refreshQuestionBadge();
    });
    void chrome.alarms.get(QUESTIONS_ALARM).then((existing) => {
      if (!existing) return chrome.alarms.create(QUESTIONS_ALARM, { delayInMinutes: 0.5, periodInMinutes: POLL_MINUTES });
    });
  }
}
