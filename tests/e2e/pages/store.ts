/**
 * Reads what the extension really stored, straight from its IndexedDB, from inside an extension page.
 * Every chunk and every asset is decompressed here, so tests can search the stored bytes themselves.
 */
import type { Page } from '@playwright/test';
import { unpackEvents } from '../../../lib/snapshot-pack';

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
  /** The decompressed text of the chunk, as stored: large styles and images are references to assets. */
  text: string;
  /** The compressed bytes as stored, latin1-decoded, for byte searches. */
  raw: string;
  /** The assets (by SHA-256) the chunk refers to, and whether its snapshots' node ids are packed. */
  assets: string[];
  implicitIds: boolean;
}

/** A stored style or image (lib/asset-store.ts), shared by every chunk that shows it. */
export interface StoredAsset {
  hash: string;
  owner: string;
  /** The decompressed text. */
  text: string;
  /** The compressed bytes as stored, latin1-decoded. */
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
    type Row = { seq: number; page: number; firstIndex: number; count: number; fullSnapshot: boolean; data: Uint8Array; assets?: string[]; implicitIds?: true };
    const rows = await new Promise<Row[]>((ok) => (req.onsuccess = () => ok(req.result)));
    database.close();
    const out = [];
    for (const row of rows.sort((a, b) => a.seq - b.seq)) {
      const stream = new Blob([row.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
      const text = await new Response(stream).text();
      let raw = '';
      for (const b of row.data) raw += String.fromCharCode(b);
      const { seq, page, firstIndex, count, fullSnapshot } = row;
      out.push({ seq, page, firstIndex, count, fullSnapshot, text, raw, assets: row.assets ?? [], implicitIds: row.implicitIds === true });
    }
    return out;
  }, traceId);
}

/** Every row of the assets table, whoever refers to it (a privacy check must see them all). */
export async function readAssets(ext: Page): Promise<StoredAsset[]> {
  return ext.evaluate(async () => {
    const open = indexedDB.open('shadowtrace');
    const database = await new Promise<IDBDatabase>((ok, ko) => {
      open.onsuccess = () => ok(open.result);
      open.onerror = () => ko(open.error);
    });
    if (!database.objectStoreNames.contains('assets')) return [];
    const req = database.transaction('assets').objectStore('assets').getAll();
    const rows = await new Promise<{ hash: string; owner: string; data: Uint8Array }[]>((ok) => (req.onsuccess = () => ok(req.result)));
    database.close();
    const out = [];
    for (const row of rows) {
      const stream = new Blob([row.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
      const text = await new Response(stream).text();
      let raw = '';
      for (const b of row.data) raw += String.fromCharCode(b);
      out.push({ hash: row.hash, owner: row.owner, text, raw });
    }
    return out;
  });
}

/** All events of a trace, in stored order, exactly as recorded (assets and packed ids put back). */
export async function readEvents(ext: Page, traceId: string): Promise<{ type: number; timestamp: number; data: any }[]> {
  const chunks = await readChunks(ext, traceId);
  const assets = chunks.some((c) => c.assets.length > 0) ? new Map((await readAssets(ext)).map((a) => [a.hash, a.text])) : new Map<string, string>();
  return chunks.flatMap((c) => {
    const events: unknown[] = JSON.parse(c.text);
    // A missing asset throws: a chunk that refers to something no longer stored is a failure, not an empty style.
    const own = new Map(c.assets.flatMap((h) => (assets.has(h) ? [[h, assets.get(h)!] as const] : [])));
    unpackEvents(events, own, c.implicitIds);
    return events as { type: number; timestamp: number; data: any }[];
  });
}
