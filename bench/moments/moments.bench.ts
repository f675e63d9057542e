/**
 * `npm run bench:moments`: scripted sessions in the real extension, in real editors (textarea, contenteditable,
 * CodeMirror 6, Monaco, a canvas tool), with jittered human timing; the moments stored in IndexedDB are scored
 * against what each script truly did. BENCH_QUICK=1 runs one session per editor (CI checks it still works).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { rolldown } from 'rolldown';
import { expect, test } from '../../tests/e2e/fixtures';
import { startFixtureServer } from '../../tests/e2e/fixture-server';
import { optIn } from '../../tests/e2e/pages/options';
import { readTraces } from '../../tests/e2e/pages/store';
import { SCORED_KINDS, precision, recall, score, type KindScore, type Predicted, type ScoredKind } from './score';
import { Driver, rng, sessions } from './sessions';

const QUICK = process.env.BENCH_QUICK === '1';
const SEEDS = QUICK ? [11] : [11, 23, 37];
const TARGET: Record<ScoredKind, number> = { undo: 0.95, redo: 0.95, pause: 0.95, revision: 0.9, abandoned: 0.9 };

async function bundleCodeMirror(): Promise<string> {
  const build = await rolldown({ input: resolve('bench/moments/pages/codemirror.ts'), platform: 'browser', logLevel: 'silent' });
  const { output } = await build.generate({ format: 'iife', minify: true, charset: 'ascii' });
  await build.close();
  return output[0].code;
}

test('process moments: precision and recall per kind', async ({ extPage, context }) => {
  const server = await startFixtureServer({
    mounts: { '/bench/': resolve('bench/moments/pages') },
    files: { '/bench/codemirror.js': { type: 'text/javascript', body: await bundleCodeMirror() } },
  });
  await optIn(extPage);
  const panel = await extPage('sidepanel.html');
  const totals = Object.fromEntries(SCORED_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0, countRight: 0 }])) as Record<ScoredKind, KindScore>;
  const perSession: { session: string; seed: number; scores: Record<ScoredKind, KindScore> }[] = [];
  const details: unknown[] = [];
  const only = process.env.BENCH_ONLY;

  for (const seed of SEEDS) {
    for (const spec of sessions().filter((s) => !only || s.name === only)) {
      const before = new Set((await readTraces(panel)).map((t) => t.id));
      const page = await context.newPage();
      await page.goto(server.url(spec.path));
      await spec.ready(page);
      await page.waitForTimeout(800);
      const driver = new Driver(page, rng(seed * 101 + spec.name.length));
      await spec.run(driver);
      await page.close({ runBeforeUnload: true });

      // The session's own trace, ended, with moments computed up to its last event (a late batch recomputes).
      const settled = async () =>
        (await readTraces(panel)).find(
          (t) => !before.has(t.id) && t.status === 'ended' && (t as { momentsUpTo?: number }).momentsUpTo === t.endedAt,
        );
      await expect.poll(async () => Boolean(await settled()), { timeout: 30_000 }).toBe(true);
      const trace = (await settled())!;
      const moments = await panel.evaluate(async (id) => {
        const open = indexedDB.open('shadowtrace');
        const database = await new Promise<IDBDatabase>((ok) => (open.onsuccess = () => ok(open.result)));
        const req = database.transaction('moments').objectStore('moments').index('traceId').getAll(id);
        const rows = await new Promise<unknown[]>((ok) => (req.onsuccess = () => ok(req.result)));
        database.close();
        return rows;
      }, trace.id);
      const scores = score(driver.truth, moments as Predicted[]);
      perSession.push({ session: spec.name, seed, scores });
      const t0 = trace.startedAt;
      details.push({
        session: spec.name,
        seed,
        truth: driver.truth.map((x) => ({ ...x, t: x.t - t0 })),
        moments: (moments as Predicted[]).map((m) => ({ kind: m.kind, t: m.t - t0, duration: m.duration, detail: m.detail })),
      });
      for (const kind of SCORED_KINDS) {
        for (const f of ['tp', 'fp', 'fn', 'countRight'] as const) totals[kind][f] += scores[kind][f];
      }
    }
  }
  await server.close();

  const rows = SCORED_KINDS.map((kind) => {
    const s = totals[kind];
    return {
      kind,
      truth: s.tp + s.fn,
      found: s.tp + s.fp,
      precision: Number(precision(s).toFixed(3)),
      recall: Number(recall(s).toFixed(3)),
      target: TARGET[kind],
      met: precision(s) >= TARGET[kind] && recall(s) >= TARGET[kind] ? 'yes' : 'NO',
      countsRight: kind === 'undo' || kind === 'redo' ? `${s.countRight}/${s.tp}` : '',
    };
  });
  console.log(`\nProcess moments, ${perSession.length} sessions (${QUICK ? 'quick' : 'full'}):`);
  console.table(rows);
  const misses = perSession.flatMap((p) =>
    SCORED_KINDS.filter((k) => p.scores[k].fp + p.scores[k].fn > 0).map((k) => `${p.session}#${p.seed} ${k}: ${p.scores[k].fn} missed, ${p.scores[k].fp} extra`),
  );
  if (misses.length) console.log(`Where it went wrong:\n  ${misses.join('\n  ')}`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    'bench-results/moments.json',
    JSON.stringify({ when: new Date().toISOString(), quick: QUICK, machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory: totalmem() }, rows, perSession }, null, 2),
  );
  // A benchmark, not a gate: it fails only when it could not run.
  writeFileSync('bench-results/moments-details.json', JSON.stringify(details, null, 2));
  expect(perSession.length).toBe(SEEDS.length * (only ? 1 : sessions().length));
});
