import { Dexie, type EntityTable } from 'dexie';
import { V1, V2, type AssetRow, type ChunkRow, type ClipRow, type MomentRow, type TraceRow } from './schema';

export * from './schema';

export const DB_NAME = 'shadowtrace';

export class ShadowtraceDB extends Dexie {
  traces!: EntityTable<TraceRow, 'id'>;
  chunks!: Dexie.Table<ChunkRow, [string, number]>;
  moments!: EntityTable<MomentRow, 'id'>;
  clips!: EntityTable<ClipRow, 'id'>;
  assets!: EntityTable<AssetRow, 'hash'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores(V1);
    this.version(2).stores(V2);
  }
}

let shared: ShadowtraceDB | undefined;

/** The one database handle of this context, opened lazily (the service worker may start many times). */
export function db(): ShadowtraceDB {
  shared ??= new ShadowtraceDB();
  return shared;
}
