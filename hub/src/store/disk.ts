import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertKey, type ObjectStore } from './types.ts';

/**
 * One file per object under a data directory. A put writes a temporary file beside the target and renames it into
 * place, which POSIX makes atomic, so several processes sharing the directory (on one machine, or on a filesystem
 * with POSIX rename semantics) never read half an object. Temporary files start with `.` and are never listed.
 */
export class DiskStore implements ObjectStore {
  readonly kind = 'disk' as const;
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir);
  }

  private file(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    assertKey(key);
    const target = this.file(key);
    const dir = path.dirname(target);
    const tmp = path.join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    // A concurrent deletePrefix may remove the folder between mkdir and write: try once more.
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(dir, { recursive: true });
        const handle = await open(tmp, 'wx');
        try {
          await handle.writeFile(body);
          await handle.sync(); // so that a crash after the rename cannot leave an empty or partial object
        } finally {
          await handle.close();
        }
        await rename(tmp, target);
        return;
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => {});
        if (attempt > 0 || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    assertKey(key);
    try {
      return await readFile(this.file(key));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertKey(prefix, { prefix: true });
    const out: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${keyPrefix}${entry.name}/`);
        else if (entry.isFile()) out.push(`${keyPrefix}${entry.name}`);
      }
    };
    await walk(this.file(prefix.slice(0, -1)), prefix);
    return out.sort();
  }

  async listFolders(prefix: string): Promise<string[]> {
    assertKey(prefix, { prefix: true });
    try {
      const entries = await readdir(this.file(prefix.slice(0, -1)), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertKey(prefix, { prefix: true });
    await rm(this.file(prefix.slice(0, -1)), { recursive: true, force: true });
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    if (!(await stat(this.root)).isDirectory()) throw new Error(`${this.root} is not a directory`);
  }

  close(): void {}
}
