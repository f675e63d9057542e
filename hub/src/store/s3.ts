import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../config.ts';
import { assertKey, type ObjectStore } from './types.ts';

/**
 * Any S3-compatible object store (AWS S3, MinIO, Ceph, R2, s3rver in tests). S3 replaces a whole object on PutObject
 * and has been strongly read-after-write consistent since December 2020, which is all links.ts relies on.
 */
export class S3Store implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3Config) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
    });
    this.bucket = config.bucket;
    this.prefix = config.prefix;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    assertKey(key);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentType: 'application/octet-stream' }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    assertKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async *pages(prefix: string, delimiter?: string) {
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          Delimiter: delimiter,
          ContinuationToken: token,
        }),
      );
      yield res;
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  async list(prefix: string): Promise<string[]> {
    assertKey(prefix, { prefix: true });
    const out: string[] = [];
    for await (const page of this.pages(prefix)) {
      for (const obj of page.Contents ?? []) if (obj.Key) out.push(obj.Key.slice(this.prefix.length));
    }
    return out.sort();
  }

  async listFolders(prefix: string): Promise<string[]> {
    assertKey(prefix, { prefix: true });
    const out: string[] = [];
    const start = this.prefix.length + prefix.length;
    for await (const page of this.pages(prefix, '/')) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix.slice(start, -1));
    }
    return out.sort();
  }

  async deletePrefix(prefix: string): Promise<void> {
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const res = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((k) => ({ Key: this.prefix + k })), Quiet: true },
        }),
      );
      const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) throw new Error(`S3 delete failed for ${failed.length} objects: ${failed[0]?.Code} ${failed[0]?.Message}`);
    }
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  close(): void {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) {
    return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
  }
  return false;
}
