/**
 * Reads what the extension really stored, straight from its IndexedDB, from inside an extension page.
 * Every chunk and every asset is decompressed here, so tests can search the stored bytes themselves.
 */
import { expect, type Page } from '@playwright/test';
import { unpackEvents } from '../../../lib/snapshot-pack';
import { restoreRecordedEvents } from '../../../lib/chunk-codec';
import {
  CUSTOM,
  EventType,
  IncrementalSource,
  type CanvasFramePayload,
  type NavigationPayload,
  type eventWithTime,
} from '../../../lib/trace-events';

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

/**
 * The rows of one table of the extension's IndexedDB (those of one trace with `byTrace`, through the table's
 * `traceId` or `owner` index), read inside an extension page. A compressed `data` column comes back as its
 * decompressed `text` and its stored bytes as a latin1 `raw` string. A table not created yet has no rows.
 */
export async function readTable<T>(ext: Page, table: string, byTrace?: { index: 'traceId' | 'owner'; id: string }): Promise<T[]> {
  return ext.evaluate(
    async ({ table, byTrace }) => {
      const open = indexedDB.open('shadowtrace');
      const database = await new Promise<IDBDatabase>((ok, ko) => {
        open.onsuccess = () => ok(open.result);
        open.onerror = () => ko(open.error);
      });
      if (!database.objectStoreNames.contains(table)) {
        database.close();
        return [];
      }
      const store = database.transaction(table).objectStore(table);
      const req = byTrace ? store.index(byTrace.index).getAll(byTrace.id) : store.getAll();
      const rows = await new Promise<Record<string, unknown>[]>((ok) => (req.onsuccess = () => ok(req.result)));
      database.close();
      for (const row of rows) {
        if (!(row.data instanceof Uint8Array)) continue;
        const bytes = row.data;
        const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
        row.text = await new Response(stream).text();
        let raw = '';
        for (const b of bytes) raw += String.fromCharCode(b);
        row.raw = raw;
        delete row.data;
      }
      return rows;
    },
    { table, byTrace },
  ) as Promise<T[]>;
}

export async function readTraces(ext: Page): Promise<StoredTrace[]> {
  return readTable<StoredTrace>(ext, 'traces');
}

export async function readChunks(ext: Page, traceId: string): Promise<StoredChunk[]> {
  type Row = Omit<StoredChunk, 'assets' | 'implicitIds'> & { assets?: string[]; implicitIds?: true };
  const rows = await readTable<Row>(ext, 'chunks', { index: 'traceId', id: traceId });
  return rows
    .sort((a, b) => a.seq - b.seq)
    .map(({ seq, page, firstIndex, count, fullSnapshot, text, raw, assets, implicitIds }) => ({
      seq,
      page,
      firstIndex,
      count,
      fullSnapshot,
      text,
      raw,
      assets: assets ?? [],
      implicitIds: implicitIds === true,
    }));
}

/** Every row of the assets table, whoever refers to it (a privacy check must see them all). */
export async function readAssets(ext: Page): Promise<StoredAsset[]> {
  const rows = await readTable<StoredAsset>(ext, 'assets');
  return rows.map(({ hash, owner, text, raw }) => ({ hash, owner, text, raw }));
}

/** rrweb's own event type: a spec narrows by `type` (and `data.source`) before it reads an event's data. */
export type StoredEvent = eventWithTime;

/** What the recorder writes under each custom tag that specs read (lib/trace-events.ts). */
interface CustomPayloads {
  [CUSTOM.canvasFrame]: CanvasFramePayload;
  [CUSTOM.navigation]: NavigationPayload;
}

/** The custom events tagged `tag`, in order: when, and the payload the recorder wrote. */
export function customEvents<T extends keyof CustomPayloads>(
  events: readonly StoredEvent[],
  tag: T,
): { timestamp: number; payload: CustomPayloads[T] }[] {
  return events.flatMap((e) =>
    e.type === EventType.Custom && e.data.tag === tag ? [{ timestamp: e.timestamp, payload: e.data.payload as CustomPayloads[T] }] : [],
  );
}

/** Every value rrweb recorded for a field, in order: when, and the text (masked, for a masked field). */
export function typedTexts(events: readonly StoredEvent[]): { timestamp: number; text: string }[] {
  return events.flatMap((e) =>
    e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Input ? [{ timestamp: e.timestamp, text: e.data.text }] : [],
  );
}

/** All events of a trace, in stored order, exactly as recorded (assets, packed ids and field values put back). */
export async function readEvents(ext: Page, traceId: string): Promise<StoredEvent[]> {
  const chunks = await readChunks(ext, traceId);
  const assets = chunks.some((c) => c.assets.length > 0) ? new Map((await readAssets(ext)).map((a) => [a.hash, a.text])) : new Map<string, string>();
  return chunks.flatMap((c) => {
    const events = restoreRecordedEvents(JSON.parse(c.text) as unknown[]);
    // A missing asset throws: a chunk that refers to something no longer stored is a failure, not an empty style.
    const own = new Map(c.assets.flatMap((h) => (assets.has(h) ? [[h, assets.get(h)!] as const] : [])));
    unpackEvents(events, own, c.implicitIds);
    return events as StoredEvent[];
  });
}

/**
 * Waits until the trace titled `title` has stored `last`, text from what the page did last (so everything before
 * it is stored too), and gives the trace's id and events.
 */
export async function waitForStored(ext: Page, title: string, last: string): Promise<{ traceId: string; events: StoredEvent[] }> {
  let traceId = '';
  await expect
    .poll(async () => {
      traceId = (await readTraces(ext)).find((t) => t.title === title)?.id ?? '';
      return traceId ? JSON.stringify(await readEvents(ext, traceId)).includes(last) : false;
    })
    .toBe(true);
  return { traceId, events: await readEvents(ext, traceId) };
}
