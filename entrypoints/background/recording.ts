/** What the background does with the recorder's messages. Everything it knows is read from storage each time. */
import { setBadge } from '@/lib/badge';
import { db } from '@/lib/db';
import { batchEventsText, type BeginSession, type ReplyTo, type ToBackground, type TraceBatch } from '@/lib/protocol';
import { matchPatternsFor, siteOfUrl } from '@/lib/sites';
import { pausedTabs, recordingProblems, shadowableSites, type RecordingProblem } from '@/lib/settings';
import { compactChunks } from '@/lib/chunk-compaction';
import { fetchResource } from './resources';
import { refreshMoments, refreshMomentsIfDue } from './moments';
import { STORAGE_FULL, beginPage, endTracesOfTab, isQuotaError, storeBatch } from '@/lib/trace-store';
import type { z } from 'zod';

type Sender = chrome.runtime.MessageSender;

/**
 * The site a message really comes from, by Chrome's account of the sending frame, not by what the message says.
 * The frame's URL, not the tab's: a batch flushed in pagehide arrives when the tab already shows the next page.
 */
function senderSite(sender: Sender): string | null {
  if (sender.id !== chrome.runtime.id || sender.frameId !== 0) return null;
  return siteOfUrl(sender.url ?? sender.tab?.url);
}

async function isRecordable(site: string): Promise<boolean> {
  const sites = await shadowableSites.getValue();
  const entry = sites.find((s) => s.host === site);
  if (!entry || entry.paused) return false;
  return chrome.permissions.contains({ origins: matchPatternsFor(site) });
}

async function noteProblem(problem: RecordingProblem): Promise<void> {
  const problems = await recordingProblems.getValue();
  await recordingProblems.setValue([...problems.filter((p) => p.tabId !== problem.tabId), problem]);
  await setBadge(problem.tabId, 'problem');
}

async function begin(message: z.infer<typeof BeginSession>, sender: Sender): Promise<ReplyTo<'session/begin'>> {
  const site = senderSite(sender);
  const tabId = sender.tab?.id;
  if (!site || tabId === undefined) return { record: false, reason: 'not a top-level page of a tab' };
  if (!(await isRecordable(site))) return { record: false, reason: `${site} is not shadowable` };
  if ((await pausedTabs.getValue()).includes(tabId)) {
    await setBadge(tabId, 'paused');
    return { record: false, reason: 'paused on this tab' };
  }
  try {
    const { traceId, page, ended } = await beginPage(db(), {
      tabId,
      site,
      url: message.url,
      title: message.title,
      now: Date.now(),
    });
    await setBadge(tabId, 'recording');
    refreshMoments(ended);
    return { record: true, traceId, page };
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    await noteProblem({ tabId, site, kind: 'quota', message: STORAGE_FULL, at: Date.now() });
    return { record: false, reason: STORAGE_FULL };
  }
}

async function batch(message: z.infer<typeof TraceBatch>, sender: Sender): Promise<ReplyTo<'trace/batch'>> {
  const site = senderSite(sender);
  if (!site) return { ok: false, kind: 'rejected', message: 'Batches are accepted from recorded pages only.' };
  const events = batchEventsText(message.events);
  if (events === null) return { ok: false, kind: 'rejected', message: 'This batch does not hold a list of events.' };
  const result = await storeBatch(db(), { ...message, events }, site);
  if (result.ok) {
    void compactChunks(db(), message.traceId, message.page).catch(() => undefined); // retried with the next batch
    refreshMomentsIfDue(message.traceId);
  }
  const tabId = sender.tab?.id;
  if (!result.ok && result.kind === 'quota' && tabId !== undefined) {
    await noteProblem({ tabId, site, kind: 'quota', message: result.message, at: Date.now() });
  }
  return result;
}

async function recorderFailed(message: string, sender: Sender): Promise<ReplyTo<'recorder/failed'>> {
  const site = senderSite(sender);
  const tabId = sender.tab?.id;
  if (site && tabId !== undefined) {
    const text = `Recording stopped on ${site}: the page broke the recorder (${message}). The page itself keeps working.`;
    await noteProblem({ tabId, site, kind: 'recorder-crashed', message: text, at: Date.now() });
    refreshMoments(await endTracesOfTab(db(), tabId, text));
  }
  return { ok: true };
}

export async function handleMessage(message: ToBackground, sender: Sender): Promise<unknown> {
  switch (message.type) {
    case 'session/begin':
      return begin(message, sender);
    case 'trace/batch':
      return batch(message, sender);
    case 'recorder/failed':
      return recorderFailed(message.message, sender);
    case 'resource/fetch':
      return fetchResource(message.url, sender);
  }
}
