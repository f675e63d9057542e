#!/usr/bin/env node
/**
 * Bundles the web viewer (viewer/main.ts, which imports the extension's own ../lib and ../components/player code)
 * into dist/viewer/viewer.js and viewer.css, the two static files the hub serves beside /s/<id>.
 *
 *   node scripts/build-viewer.mjs              build
 *   node scripts/build-viewer.mjs --if-stale   build only when the output is missing or older than its sources
 *
 * Everything is bundled (rrweb, zod): the page loads nothing from anywhere else. Bare imports resolve from this
 * project's node_modules first, so a fresh `npm ci` here is enough even when the repository root has none.
 * Output is ASCII only: minifiers otherwise write literal U+FFFE/U+FFFF (from rrweb's CSS parser) into the file.
 */
import { readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HUB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(HUB, '..');
const OUT = path.join(HUB, 'dist', 'viewer');
const OUTPUTS = ['viewer.js', 'viewer.css'].map((f) => path.join(OUT, f));
/** What the viewer's bundle is made of; a change in any of these makes the output stale. */
const SOURCES = [path.join(HUB, 'viewer'), path.join(ROOT, 'lib'), path.join(ROOT, 'components', 'player'), path.join(HUB, 'package-lock.json'), fileURLToPath(import.meta.url)];

async function newest(p) {
  let s;
  try {
    s = await stat(p);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const entry of await readdir(p)) max = Math.max(max, await newest(path.join(p, entry)));
  return max;
}

async function isStale() {
  let oldestOut = Infinity;
  for (const f of OUTPUTS) {
    try {
      oldestOut = Math.min(oldestOut, (await stat(f)).mtimeMs);
    } catch {
      return true;
    }
  }
  let src = 0;
  for (const p of SOURCES) src = Math.max(src, await newest(p));
  return src > oldestOut;
}

async function hasOutput() {
  for (const f of OUTPUTS) {
    try {
      await stat(f);
    } catch {
      return false;
    }
  }
  return true;
}

async function canBuild() {
  try {
    await import('rolldown');
    return true;
  } catch {
    return false;
  }
}

async function build() {
  let rolldown;
  try {
    ({ rolldown } = await import('rolldown'));
  } catch {
    throw new Error('rolldown is not installed: run `npm ci` in hub/ (with dev dependencies) to build the web viewer.');
  }
  const started = Date.now();
  const bundle = await rolldown({
    input: path.join(HUB, 'viewer', 'main.ts'),
    platform: 'browser',
    // The viewer's own tsconfig for every file, lib/ included: the repository root's extends WXT's generated one,
    // which a hub-only install does not have.
    tsconfig: path.join(HUB, 'viewer', 'tsconfig.json'),
    logLevel: 'warn',
    resolve: {
      alias: { '@': ROOT },
      // This project's packages first, whatever the repository root has installed.
      modules: [path.join(HUB, 'node_modules'), 'node_modules'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
    },
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  });
  await mkdir(OUT, { recursive: true });
  await bundle.write({ file: path.join(OUT, 'viewer.js'), format: 'iife', minify: true, charset: 'ascii', sourcemap: false, codeSplitting: false });
  await bundle.close();
  const css = [
    '/* rrweb 2.2.2 replayer styles */',
    await readFile(path.join(HUB, 'node_modules', 'rrweb', 'dist', 'style.css'), 'utf8'),
    await readFile(path.join(HUB, 'viewer', 'viewer.css'), 'utf8'),
  ].join('\n');
  await writeFile(path.join(OUT, 'viewer.css'), css);
  for (const f of OUTPUTS) checkAscii(f, await readFile(f));
  console.log(`viewer: built ${path.relative(HUB, OUT)}/ in ${Date.now() - started} ms`);
}

/** Fails the build if an emitted file is not plain ASCII (so no U+FFFE/U+FFFF, no odd encodings), or loads from outside. */
function checkAscii(file, bytes) {
  const bad = bytes.findIndex((b) => b > 0x7e || (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09));
  if (bad >= 0) throw new Error(`${file}: byte 0x${bytes[bad].toString(16)} at ${bad} is not printable ASCII`);
  const text = bytes.toString('latin1');
  const remote = /url\(\s*['"]?(?:https?:)?\/\//i.exec(text) ?? /@import/i.exec(text);
  if (remote && file.endsWith('.css')) throw new Error(`${file}: loads something from elsewhere: ${remote[0]}`);
}

const ifStale = process.argv.includes('--if-stale');
try {
  if (ifStale && !(await isStale())) process.exit(0);
  if (ifStale && (await hasOutput()) && !(await canBuild())) {
    // A production install (`npm ci --omit=dev`) of a hub whose viewer was built beforehand: serve what is there.
    console.warn('viewer: sources look newer than dist/viewer, but rolldown is not installed here; serving the existing build.');
    process.exit(0);
  }
  await build();
} catch (err) {
  console.error(`viewer: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
