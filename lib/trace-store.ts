/** Writes recordings into Dexie. Runs in the service worker and keeps nothing in memory between calls. */
import { alreadyMerged } from './chunk-compaction';
import { putAssets } from './asset-store';
import { encodeChunk } from './chunk-codec';
import { PAGE_STRIDE, type ShadowtraceDB, type TraceRow } from './db';
import type { TraceBatch } from './protocol';
import type { z } from 'zod';

export interface PageStart {
  tabId: number;
  site: string;
  url: string;
  title: string;
  now: number;
}

/**
 * A trace is one tab's continuous work on one site: a new page load of the same site in the same tab continues
 * the open trace as its next page; a page of another site ends it and starts a new one.
 */
export async function beginPage(
  db: ShadowtraceDB,
  start: PageStart,
): Promise<{ traceId: string; page: number; ended: string[] }> {
  return db.transaction('rw', db.traces, async () => {
    const ended: string[] = [];
    const open = await db.traces.where('tabId').equals(start.tabId).filter((t) => t.status === 'recording').toArray();
    for (const trace of open) {
      if (trace.site === start.site) {
        const page = trace.pages + 1;
        await db.traces.update(trace.id, { pages: page, url: start.url, title: start.title || trace.title });
        return { traceId: trace.id, page, ended };
      }
      await db.traces.update(trace.id, { status: 'ended', tabId: null });
      ended.push(trace.id);
    }
    const trace: TraceRow = {
      id: crypto.randomUUID(),
      site: start.site,
      url: start.url,
      title: start.title || start.site,
      startedAt: start.now,
      endedAt: start.now,
      status: 'recording',
      tabId: start.tabId,
      pages: 1,
      eventCount: 0,
      bytes: 0,
      problem: null,
      source: 'recorded',
    };
    await db.traces.add(trace);
    return { traceId: trace.id, page: 1, ended };
  });
}

export const STORAGE_FULL =
  'Storage is full: recording paused. Delete old traces in the side panel to free space, then resume with Alt+Shift+P.';

export type StoreResult = { ok: true } | { ok: false; kind: 'quota' | 'rejected' | 'error'; message: string };

export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (e && typeof e === 'object'); ) {
    const name = (e as { name?: unknown }).name;
    if (name === 'QuotaExceededError') return true;
    e = (e as { inner?: unknown }).inner;
    if (!e) break;
  }
  return false;
}

/**
 * Compresses a batch as one chunk and writes it, with the assets it refers to that are new and the trace's
 * totals, in one transaction, so a full disk leaves the trace exactly as it was. A retried batch overwrites its
 * own chunk and is not counted twice.
 * Batches that arrive after their trace ended (a tab closed mid-flush) are still kept.
 */
export async function storeBatch(
  db: ShadowtraceDB,
  batch: Omit<z.infer<typeof TraceBatch>, 'events'> & { events: string },
  senderSite: string,
): Promise<StoreResult> {
  const seq = batch.page * PAGE_STRIDE + batch.seq;
  try {
    // Compression and hashing cannot run inside an IndexedDB transaction: before it.
    const { data, assets, implicitIds } = await encodeChunk(batch.events, batch.fullSnapshot);
    return await db.transaction('rw', db.traces, db.chunks, db.assets, async (): Promise<StoreResult> => {
      const trace = await db.traces.get(batch.traceId);
      if (!trace || trace.site !== senderSite) {
        return { ok: false, kind: 'rejected', message: 'This batch does not belong to a trace of this site.' };
      }
      const existing = await db.chunks.get([batch.traceId, seq]);
      // A resent batch whose first write was since compacted into a larger chunk is already stored.
      if (existing?.merged || (!existing && (await alreadyMerged(db, batch.traceId, batch.page, seq, batch.firstIndex)))) {
        return { ok: true };
      }
      await db.chunks.put({
        traceId: batch.traceId,
        seq,
        page: batch.page,
        firstIndex: batch.firstIndex,
        count: batch.count,
        startedAt: batch.startedAt,
        endedAt: batch.endedAt,
        fullSnapshot: batch.fullSnapshot,
        rawBytes: batch.events.length,
        data,
        ...(assets.length > 0 ? { assets: assets.map((a) => a.hash) } : {}),
        ...(implicitIds ? { implicitIds: true as const } : {}),
      });
      const assetBytes = await putAssets(db, trace.id, assets);
      if (!existing || assetBytes > 0) {
        await db.traces.update(trace.id, {
          endedAt: Math.max(trace.endedAt, batch.endedAt),
          eventCount: trace.eventCount + (existing ? 0 : batch.count),
          bytes: trace.bytes + (existing ? 0 : data.byteLength) + assetBytes,
          title: batch.title || trace.title,
          url: batch.url || trace.url,
        });
      }
      return { ok: true };
    });
  } catch (error) {
    if (isQuotaError(error)) {
      return { ok: false, kind: 'quota', message: STORAGE_FULL };
    }
    return { ok: false, kind: 'error', message: `Could not store the recording: ${String(error)}` };
  }
}

/** Ends whatever trace a tab was recording (tab closed, site left, recording stopped); returns their ids. */
export async function endTracesOfTab(db: ShadowtraceDB, tabId: number, problem: string | null = null): Promise<string[]> {
  const ids = (await db.traces.where('tabId').equals(tabId).primaryKeys()) as string[];
  await db.traces
    .where('tabId')
    .equals(tabId)
    .modify((t) => {
      t.status = 'ended';
      t.tabId = null;
      if (problem) t.problem = problem;
    });
  return ids;
}

/** After a browser restart no tab is recording any more: close traces left open by a crash. */
export async function endOrphanedTraces(db: ShadowtraceDB, liveTabIds: ReadonlySet<number>): Promise<void> {
  await db.traces
    .where('status')
    .equals('recording')
    .filter((t) => t.tabId === null || !liveTabIds.has(t.tabId))
    .modify((t) => {
      t.status = 'ended';
      t.tabId = null;
    });
}
