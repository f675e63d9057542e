/**
 * The hub keeps all its state in one object store. The interface is the small part that S3 and a local disk share:
 * whole-object put/get (a put replaces an object atomically: readers see the old bytes or the new, never a mix),
 * listing by key prefix, and deletion. There is deliberately no read-modify-write primitive: links.ts lays out its
 * keys so that no object is ever updated from a value read earlier (see "Concurrency" in README.md).
 *
 * Keys are `/`-separated, made of [A-Za-z0-9._-] segments; links.ts builds them only from validated ids.
 */
export interface ObjectStore {
  readonly kind: 'disk' | 's3';
  put(key: string, body: Uint8Array): Promise<void>;
  /** undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every key under `prefix` (which ends in `/`), at any depth, sorted ascending. */
  list(prefix: string): Promise<string[]>;
  /** The names of the immediate sub-folders of `prefix` (which ends in `/`). */
  listFolders(prefix: string): Promise<string[]>;
  /** Deletes every object under `prefix` (which ends in `/`); deleting nothing is not an error. */
  deletePrefix(prefix: string): Promise<void>;
  /** Throws when the store cannot be reached (used by /healthz). */
  check(): Promise<void>;
  close(): void;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function assertKey(key: string, { prefix = false } = {}): void {
  const body = prefix ? key.replace(/\/$/, '') : key;
  if ((prefix && !key.endsWith('/')) || !body.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
    throw new Error(`invalid store ${prefix ? 'prefix' : 'key'}: ${JSON.stringify(key)}`);
  }
}
