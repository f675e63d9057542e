import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { ObjectStore } from '../../src/store/index.ts';
import { S3Store } from '../../src/store/s3.ts';
import type { StoreBackend } from './stores.ts';

export const S3_BUCKET = 'shadowtrace-hub-test';

/** s3rver on 127.0.0.1 with a random port; each space is a key prefix in one bucket. */
export function s3Backend(): StoreBackend {
  let root = '';
  let server: S3rver | undefined;
  let endpoint = '';
  const opened: ObjectStore[] = [];
  return {
    name: 's3',
    async start() {
      root = await mkdtemp(path.join(tmpdir(), 'hub-s3rver-'));
      server = new S3rver({
        address: '127.0.0.1',
        port: 0,
        silent: true,
        directory: root,
        vhostBuckets: false,
        configureBuckets: [{ name: S3_BUCKET }],
      });
      const { port } = await server.run();
      endpoint = `http://127.0.0.1:${port}`;
    },
    open(space) {
      const store = new S3Store({
        bucket: S3_BUCKET,
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        prefix: `${space}/`,
      });
      opened.push(store);
      return store;
    },
    async stop() {
      for (const store of opened.splice(0)) store.close();
      server?.httpServer?.closeAllConnections();
      await server?.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
