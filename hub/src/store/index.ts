import type { HubConfig } from '../config.ts';
import { DiskStore } from './disk.ts';
import type { ObjectStore } from './types.ts';

export type { ObjectStore } from './types.ts';
export { DiskStore } from './disk.ts';

/** The S3 client is loaded only when the S3 store is configured: it is large and slow to load. */
export async function createStore(config: HubConfig['store']): Promise<ObjectStore> {
  if (config.kind === 'disk') return new DiskStore(config.dataDir);
  const { S3Store } = await import('./s3.ts');
  return new S3Store(config.s3);
}
