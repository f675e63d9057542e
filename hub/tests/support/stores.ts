import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiskStore, type ObjectStore } from '../../src/store/index.ts';

/**
 * A place the tests can open several stores over (as several hub instances would). `open(space)` returns a new
 * store object, with its own client, over the data of `space`; each test uses a fresh space.
 */
export interface StoreBackend {
  name: 'disk' | 's3';
  start(): Promise<void>;
  open(space: string): ObjectStore;
  stop(): Promise<void>;
}

export function diskBackend(): StoreBackend {
  let root = '';
  return {
    name: 'disk',
    async start() {
      root = await mkdtemp(path.join(tmpdir(), 'hub-disk-'));
    },
    open: (space) => new DiskStore(path.join(root, space)),
    async stop() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

export const newSpace = () => `t-${randomUUID()}`;
