import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const NONCHARACTERS = /[\uFFFE\uFFFF]/;

/** Fails the build when an emitted file is not clean UTF-8: Chromium would refuse to load the extension. */
export async function assertBundlesAreUtf8(dir: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bad: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|mjs|css|html|json)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      if (NONCHARACTERS.test(decoder.decode(await readFile(path)))) bad.push(`${path}: U+FFFE/U+FFFF`);
    } catch {
      bad.push(`${path}: not valid UTF-8`);
    }
  }
  if (bad.length > 0) throw new Error(`Chromium would refuse these files:\n${bad.join('\n')}`);
}
