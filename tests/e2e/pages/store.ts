/**
 * Reads what the extension really stored, straight from its IndexedDB, from inside an extension page.
 * Every chunk is decompressed here, so tests can search the stored bytes themselves.
 */
import type { Page } from '@playwright/test';

export interface StoredTrace {
  id: string;
  site: string;
  title: string;
  status: string;
  pages: number;
  eventCount: number;
  bytes: number;
  startedAt: number;
  endedAt: number;
  problem: string | null;
  summary?: string;
}

export interface StoredChunk {
  seq: number;
  page: number;
  firstIndex: number;
  count: number;
  fullSnapshot: boolean;
  /** The decompressed text of the chunk. */
  text: string;
  /** The compressed bytes as stored, latin1-decoded, for byte searches. */
  raw: string;
}

export async function readTraces(ext: Page): Promise<StoredTrace[]> {
  return ext.evaluate(async () => {
    const open = indexedDB.open('shadowtrace');
    const database = await new Promise<IDBDatabase>((ok, ko) => {
      open.onsuccess = () => ok(open.result);
      open.onerror = () => ko(open.error);
    });
    if (!database.objectStoreNames.contains('traces')) return [];
    const req = database.transaction('traces').objectStore('traces').getAll();
    const rows = await new Promise<StoredTrace[]>((ok) => (req.onsuccess = () => ok(req.result as StoredTrace[])));
    database.close();
    return rows;
  });
}

export async function readChunks(ext: Page, traceId: string): Promise<StoredChunk[]> {
  return ext.evaluate(async (id) => {
    const open = indexedDB.open('shadowtrace');
    const database = await new Promise<IDBDatabase>((ok, ko) => {
      open.onsuccess = () => ok(open.result);
      open.onerror = () => ko(open.error);
    });
    const req = database.transaction('chunks').objectStore('chunks').index('traceId').getAll(id);
    const rows = await new Promise<{ seq: number; page: number; firstIndex: number; count: number; fullSnapshot: boolean; data: Uint8Array }[]>(
      (ok) => (req.onsuccess = () => ok(req.result)),
    );
    database.close();
    const out = [];
    for (const row of rows.sort((a, b) => a.seq - b.seq)) {
      const stream = new Blob([row.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
      const text = await new Response(stream).text();
      let raw = '';
      for (const b of row.data) raw += String.fromCharCode(b);
      out.push({ seq: row.seq, page: row.page, firstIndex: row.firstIndex, count: row.count, fullSnapshot: row.fullSnapshot, text, raw });
    }
    return out;
  }, traceId);
}

/** All events of a trace, in stored order. */
export async function readEvents(ext: Page, traceId: string): Promise<{ type: number; timestamp: number; data: any }[]> {
  const chunks = await readChunks(ext, traceId);
  return chunks.flatMap((c) => JSON.parse(c.text));
}
