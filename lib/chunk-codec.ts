/**
 * A chunk is many events compressed as a whole: about 10x smaller than compressing each event alone.
 * gzip (not raw deflate) so that a damaged chunk fails its checksum instead of decoding to garbage.
 */
import { restoreAttributeRuns } from './attribute-runs';
import type { ChunkRow } from './db/schema';
import { packEvents, unpackEvents, worthPacking } from './snapshot-pack';
import { restoreTextDeltas } from './text-deltas';

async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function compressText(text: string): Promise<Uint8Array> {
  return pipeThrough(new TextEncoder().encode(text), new CompressionStream('gzip'));
}

export async function decompressText(bytes: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await pipeThrough(bytes, new DecompressionStream('gzip')));
}

/** Decodes one stored chunk back to its events; a damaged chunk throws a message naming what broke. */
export async function decodeChunkEvents(bytes: Uint8Array): Promise<unknown[]> {
  let text: string;
  try {
    text = await decompressText(bytes);
  } catch {
    throw new Error('A stored chunk is damaged and cannot be decompressed.');
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('A stored chunk does not hold a list of events.');
  return restoreRecordedEvents(parsed);
}

/** The events exactly as rrweb recorded them, from a batch as the recorder sent it (whole values, one entry per element). */
export function restoreRecordedEvents(events: unknown[]): unknown[] {
  return restoreAttributeRuns(restoreTextDeltas(events));
}

export interface EncodedAsset {
  hash: string;
  /** gzip of the asset's text. */
  data: Uint8Array;
  chars: number;
}

export interface EncodedChunk {
  /** gzip of the events as stored (packed when `assets` or `implicitIds` say so). */
  data: Uint8Array;
  /** The assets the stored events refer to, compressed, sorted by hash. */
  assets: EncodedAsset[];
  implicitIds: boolean;
}

/**
 * Compresses a batch's events (one JSON array) for storage, packing its DOM trees first where there is anything
 * to pack (lib/snapshot-pack.ts). Other batches are compressed as they came, never parsed.
 */
export async function encodeChunk(text: string, fullSnapshot: boolean): Promise<EncodedChunk> {
  const plain = async (): Promise<EncodedChunk> => ({ data: await compressText(text), assets: [], implicitIds: false });
  if (!worthPacking(text, fullSnapshot)) return plain();
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch {
    return plain(); // kept as it came, as before; replay reports it as damaged
  }
  if (!Array.isArray(events)) return plain();
  const packed = await packEvents(events);
  const assets: EncodedAsset[] = [];
  for (const [hash, value] of [...packed.assets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    assets.push({ hash, data: await compressText(value), chars: value.length });
  }
  const changed = assets.length > 0 || packed.implicitIds;
  return { data: await compressText(changed ? JSON.stringify(events) : text), assets, implicitIds: packed.implicitIds };
}

/** What decoding a stored chunk needs of its row. */
export type StoredChunkData = Pick<ChunkRow, 'data' | 'assets' | 'implicitIds'>;

/**
 * Decodes a stored chunk back to exactly the recorded events: its assets' texts put back in, its ids restored.
 * `assets` holds at least the chunk's own assets (from lib/asset-store.ts `loadAssets`).
 */
export async function decodeStoredChunk(row: StoredChunkData, assets: ReadonlyMap<string, string>): Promise<unknown[]> {
  const events = await decodeChunkEvents(row.data);
  const own = row.assets ?? [];
  if (own.length === 0 && !row.implicitIds) return events;
  const mine = new Map<string, string>();
  for (const hash of own) {
    const text = assets.get(hash);
    if (text !== undefined) mine.set(hash, text);
  }
  unpackEvents(events, mine, row.implicitIds === true);
  return events;
}
