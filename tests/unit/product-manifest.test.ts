import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm test` builds the product before the unit tests run; this reads what would ship.
const path = '.output/chrome-mv3/manifest.json';

describe('the product manifest', () => {
  it('exists (run `npm run build` first)', () => {
    expect(existsSync(path)).toBe(true);
  });

  const manifest = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};

  it('asks for no host access at install: every site is optional and granted one at a time', () => {
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  });

  it('declares only the permissions it needs, none of them granting site access', () => {
    expect([...((manifest.permissions as string[]) ?? [])].sort()).toEqual(['activeTab', 'alarms', 'scripting', 'sidePanel', 'storage']);
  });

  it('loads no script or style from elsewhere', () => {
    expect(JSON.stringify(manifest)).not.toMatch(/https?:\/\/(?!\*)/);
    expect(manifest.web_accessible_resources).toBeUndefined();
  });
});
