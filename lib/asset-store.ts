/**
 * The assets table: large strings of recorded DOM trees, stored once by content for every chunk of every trace
 * that shows them (lib/snapshot-pack.ts says which strings). Chunks list their assets, indexed, so whether anyone
 * still needs an asset is one index lookup, never a counter that a retried or compacted write could get wrong.
 * Each asset's bytes count in exactly one trace's `bytes`, its owner's, so the library's totals add up.
 */
import type { EncodedAsset } from './chunk-codec';
import { decompressText } from './chunk-codec';
import type { AssetRow, ChunkRow, ShadowtraceDB } from './db';

/**
 * Stores the assets a chunk refers to that are not stored yet, charged to `owner`; returns the bytes added.
 * Call inside the transaction that writes the chunk, so both are written or neither.
 */
export async function putAssets(db: ShadowtraceDB, owner: string, assets: readonly EncodedAsset[]): Promise<number> {
  if (assets.length === 0) return 0;
  const stored = new Set(await db.assets.where('hash').anyOf(assets.map((a) => a.hash)).primaryKeys());
  const fresh = assets.filter((a) => !stored.has(a.hash));
  await db.assets.bulkAdd(fresh.map((a): AssetRow => ({ hash: a.hash, data: a.data, chars: a.chars, owner })));
  return fresh.reduce((n, a) => n + a.data.byteLength, 0);
}

/** The hashes chunks refer to, each once. */
export function assetHashes(rows: readonly Pick<ChunkRow, 'assets'>[]): string[] {
  return [...new Set(rows.flatMap((r) => r.assets ?? []))];
}

/**
 * The texts of the assets the given chunks refer to, each decompressed once. One that is missing or damaged is
 * left out: the chunks that need it then fail to decode, as a damaged chunk does.
 */
export async function loadAssets(db: ShadowtraceDB, rows: readonly Pick<ChunkRow, 'assets'>[]): Promise<Map<string, string>> {
  const hashes = assetHashes(rows);
  const out = new Map<string, string>();
  if (hashes.length === 0) return out;
  for (const row of await db.assets.bulkGet(hashes)) {
    if (!row) continue;
    try {
      out.set(row.hash, await decompressText(row.data));
    } catch {
      // damaged: see above
    }
  }
  return out;
}

/**
 * After a trace's chunks are gone (same transaction): drops the assets nobody refers to any more, and hands the
 * ones the trace owned that others still show to one of those others, bytes and all. Returns the asset rows as
 * they were, for undo.
 */
export async function releaseAssets(db: ShadowtraceDB, traceId: string, hashes: readonly string[]): Promise<AssetRow[]> {
  const rows = (await db.assets.bulkGet([...hashes])).filter((r): r is AssetRow => r !== undefined);
  for (const asset of rows) {
    const user = await db.chunks.where('assets').equals(asset.hash).first();
    if (!user) {
      await db.assets.delete(asset.hash);
    } else if (asset.owner === traceId) {
      await db.assets.update(asset.hash, { owner: user.traceId });
      await db.traces.where('id').equals(user.traceId).modify((t) => {
        t.bytes += asset.data.byteLength;
      });
    }
  }
  return rows;
}

/**
 * Undo of releaseAssets (same transaction as putting the trace back): assets that were dropped come back; the
 * ones the trace owned come back to it, taken from whoever was handed them. Returns the restored trace's bytes.
 */
export async function reclaimAssets(db: ShadowtraceDB, traceId: string, bytes: number, rows: readonly AssetRow[]): Promise<number> {
  for (const asset of rows) {
    const owned = asset.owner === traceId;
    const now = await db.assets.get(asset.hash);
    if (!now) {
      await db.assets.put({ ...asset, owner: traceId });
      if (!owned) bytes += asset.data.byteLength;
    } else if (owned && now.owner !== traceId) {
      await db.traces.where('id').equals(now.owner).modify((t) => {
        t.bytes -= now.data.byteLength;
      });
      await db.assets.update(asset.hash, { owner: traceId });
    }
  }
  return bytes;
}
