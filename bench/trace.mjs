/**
 * A Chrome trace of the pages side by side (BENCH_TRACE=1): where each renderer's main thread spent its thread time,
 * by trace event, self time only. Chrome's Performance counters say how much time went to script, style and layout;
 * this says what the rest was (paint, GC tasks, IPC, timers), so that what one mode adds over another has a name.
 */
const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'mojom', 'ipc', 'blink.user_timing', 'cc', 'gpu'];

/** cdp: a session on any target; Chrome traces every process whichever target asks. */
export async function startTrace(cdp, categories = CATEGORIES) {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { recordMode: 'recordContinuously', includedCategories: categories, excludedCategories: ['*'] },
  });
  return {
    async stop() {
      const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.end');
      const { stream } = await done;
      let text = '';
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
        text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      const parsed = JSON.parse(text);
      return Array.isArray(parsed) ? parsed : parsed.traceEvents;
    },
  };
}

/**
 * Marks the page's renderer main thread in the trace as `mode` (a devtools.timeline TimeStamp event), and returns
 * the page's `performance.now()` at that moment, to put the trace's events on the page's clock. The clock is read
 * on both sides of the mark: on a slow host writing the mark took over a millisecond.
 */
export const markMode = (page, mode) =>
  page.evaluate((m) => {
    const before = performance.now();
    console.timeStamp(`bench-mode:${m}`);
    return (before + performance.now()) / 2;
  }, mode);

/** Enough to time the tasks that hand over batches: listeners, timers, script calls, event dispatches. */
export const TASK_CATEGORIES = ['devtools.timeline'];

const markOf = (e) => (e.name === 'TimeStamp' && /^bench-mode:(.+)$/.exec(e.args?.data?.message ?? '')?.[1]) || null;

/** The mark of `mode` and the complete ('X') events on the thread it marks. */
function markedThread(events, mode) {
  const mark = events.find((e) => markOf(e) === mode);
  return { mark, onThread: mark ? events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X') : [] };
}

const within = (outer, inner) => outer.ts <= inner.ts && outer.ts + (outer.dur ?? 0) >= inner.ts + (inner.dur ?? 0);

/** Of `calls`, the outermost: the first to start, and the longest of those; undefined if none. */
const outermost = (calls) => calls.sort((a, b) => a.ts - b.ts || b.dur - a.dur)[0];

const markedThreads = (events) => {
  const threadOf = new Map();
  for (const e of events) {
    const mode = markOf(e);
    if (mode) threadOf.set(`${e.pid}:${e.tid}`, mode);
  }
  return threadOf;
};

/** The script calls with thread time on a thread's 'X' events: the outermost of them is a task's script. */
const scriptCalls = (onThread) => onThread.filter((e) => e.name === 'FunctionCall' && typeof e.tdur === 'number');

/** The dispatches of a batch or of a piece of one, each a hand-over of the page's, on a thread's 'X' events. */
const handOverDispatches = (onThread) =>
  onThread.filter((e) => e.name === 'EventDispatch' && /^shadowtrace:batch(-piece)?$/.test(e.args?.data?.type ?? ''));

/**
 * Each batch the page handed over (a `shadowtrace:batch` dispatch on the page marked `mode`, or a piece of a large
 * one, `shadowtrace:batch-piece`, each in a task of its own), in order: when, on
 * the page's clock (`markedAt`: what markMode returned), the thread time of the script call that did it, outermost,
 * and whether a timer ran it (the batcher's own hand-over, not a flush asked for from outside). Thread time, not
 * the page's clock: a task that the system preempted for another process counts only what it ran.
 */
export function batchTasks(events, markedAt, mode = 'shadowtrace') {
  const { mark, onThread } = markedThread(events, mode);
  if (!mark) return [];
  const calls = scriptCalls(onThread);
  const timers = onThread.filter((e) => e.name === 'TimerFire');
  return handOverDispatches(onThread)
    .sort((a, b) => a.ts - b.ts)
    .map((d) => {
      const outer = outermost(calls.filter((c) => within(c, d))) ?? d;
      return {
        at: markedAt + (d.ts - mark.ts) / 1000,
        threadMs: outer.tdur / 1000,
        timer: timers.some((t) => within(t, d)),
        span: { pid: mark.pid, tid: mark.tid, ts: outer.ts, end: outer.ts + (outer.dur ?? 0) },
      };
    });
}

/**
 * The tasks on the page marked `mode` that serialised a piece of a large batch and handed nothing over (the batcher
 * sends each piece in the task after the one that serialised it): the outermost script call around each
 * `bench:serialise` mark of the instrument's JSON.stringify (bench/instrument.mjs), less those that also dispatched
 * a batch or piece, which `batchTasks` counts. When, on the page's clock, and the thread time of each.
 */
export function serialiseTasks(events, markedAt, mode = 'shadowtrace') {
  const { mark, onThread } = markedThread(events, mode);
  if (!mark) return [];
  const calls = scriptCalls(onThread);
  const handOvers = handOverDispatches(onThread);
  const marks = events.filter(
    (e) => e.pid === mark.pid && e.tid === mark.tid && e.name === 'TimeStamp' && e.args?.data?.message === 'bench:serialise',
  );
  const tasks = new Set();
  for (const m of marks) {
    const outer = outermost(calls.filter((c) => within(c, m)));
    if (outer && !handOvers.some((d) => within(outer, d))) tasks.add(outer);
  }
  return [...tasks]
    .sort((a, b) => a.ts - b.ts)
    .map((c) => ({ at: markedAt + (c.ts - mark.ts) / 1000, threadMs: c.tdur / 1000, span: { pid: mark.pid, tid: mark.tid, ts: c.ts, end: c.ts + (c.dur ?? 0) } }));
}

/**
 * The recorder's idle callbacks on the page marked `mode` (its script's own calls inside a FireIdleCallback), with
 * the thread time of each: on the bench's pages, the hand-over of the first snapshot's batch and the one warm-up
 * of its delta encoder (lib/text-deltas.ts `warmUpTextDeltas`). Chromium's own idle tasks there run no script and
 * are left out.
 */
export function recorderIdleTasks(events, mode = 'shadowtrace') {
  const { mark, onThread } = markedThread(events, mode);
  if (!mark) return [];
  const calls = scriptCalls(onThread).filter((e) => /recorder-main\.js$/.test(e.args?.data?.url ?? ''));
  return onThread
    .filter((e) => e.name === 'FireIdleCallback')
    .sort((a, b) => a.ts - b.ts)
    .flatMap((f) => {
      const outer = outermost(calls.filter((c) => within(f, c)));
      return outer ? [{ threadMs: outer.tdur / 1000 }] : [];
    });
}

/**
 * The task of `batchTasks` that handed over the page's own record of a batch (`at`: when its dispatch started, on
 * the page's clock), or undefined: the nearest within 5 ms. The two clocks agree to a tick or so on a quiet host and
 * were 1.5 ms apart on a slow one; batches leave seconds apart, so 5 ms cannot pick the wrong one.
 */
export function taskOf(tasks, batch) {
  let best;
  for (const t of tasks) if (Math.abs(t.at - batch.at) < Math.abs((best?.at ?? Infinity) - batch.at)) best = t;
  return best && Math.abs(best.at - batch.at) < 5 ? best : undefined;
}

/** Complete spans with thread time on one thread, from 'X' events and from matched 'B'/'E' pairs, in order. */
function spansOn(events, pid, tid) {
  const spans = [];
  const open = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X' && typeof e.tdur === 'number') spans.push({ name: e.name, ts: e.ts, end: e.ts + (e.dur ?? 0), t: e.tdur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b && typeof b.tts === 'number' && typeof e.tts === 'number') spans.push({ name: b.name, ts: b.ts, end: e.ts, t: e.tts - b.tts });
    }
  }
  return spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
}

/** Self thread time (µs) by span name. Nesting follows wall time (ts, end); the time counted is thread time. */
function selfTimes(spans) {
  const self = new Map();
  const stack = [];
  const close = (s) => self.set(s.name, (self.get(s.name) ?? 0) + Math.max(0, s.t - s.children));
  for (const s of spans) {
    while (stack.length && stack.at(-1).end <= s.ts) close(stack.pop());
    s.children = 0;
    if (stack.length) stack.at(-1).children += s.t;
    stack.push(s);
  }
  while (stack.length) close(stack.pop());
  return self;
}

/**
 * What each task of `batchTasks` (all on one page's thread) spent its thread time on: self time (ms) by trace event
 * inside its span, the largest first. With the V8 categories in the trace it names the collector's share
 * (MinorGC, V8.GC_*) apart from script, IPC and event dispatch. The thread's spans are gathered once for all.
 */
export function taskBreakdowns(events, tasks, top = 8) {
  if (tasks.length === 0) return [];
  const { pid, tid } = tasks[0].span;
  const spans = spansOn(events, pid, tid);
  return tasks.map(({ span }) =>
    [...selfTimes(spans.filter((s) => s.ts >= span.ts && s.end <= span.end))]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${name} ${(us / 1000).toFixed(2)}`)
      .join(', '),
  );
}

/**
 * Self thread time (ms) by event name on each marked page's main thread. Nesting follows wall time (ts, dur); the
 * time counted is thread time (tdur), so a task that waited on the other cores counts only what it ran.
 */
export function selfTimeByMode(events) {
  const threadOf = markedThreads(events);
  const out = {};
  for (const [key, mode] of threadOf) {
    const [pid, tid] = key.split(':').map(Number);
    const self = selfTimes(spansOn(events, pid, tid));
    out[mode] = Object.fromEntries([...self].map(([k, us]) => [k, us / 1000]));
  }
  return out;
}

/**
 * Script entered from the browser (listeners, timers, observers) on each marked page's main thread, by function:
 * calls and inclusive thread time (ms), the costliest first.
 */
export function functionCallsByMode(events, top = 25) {
  const threadOf = markedThreads(events);
  const by = {};
  for (const e of events) {
    const mode = threadOf.get(`${e.pid}:${e.tid}`);
    if (!mode || e.name !== 'FunctionCall' || e.ph !== 'X' || typeof e.tdur !== 'number') continue;
    const d = e.args?.data ?? {};
    const key = `${d.functionName || '(anonymous)'} ${String(d.url ?? '').split('/').pop()}:${d.lineNumber}:${d.columnNumber}`;
    const m = ((by[mode] ??= new Map()).get(key) ?? { calls: 0, ms: 0 });
    m.calls++;
    m.ms += e.tdur / 1000;
    by[mode].set(key, m);
  }
  return Object.entries(by)
    .map(([mode, m]) => [`${mode}:`, ...[...m].sort((a, b) => b[1].ms - a[1].ms).slice(0, top).map(([k, v]) => `${v.ms.toFixed(1).padStart(8)} ms ${String(v.calls).padStart(7)} calls  ${k}`)].join('\n'))
    .join('\n');
}

/** One line per event name: each mode's self time, and Shadowtrace's minus plain rrweb's, largest differences first. */
export function formatSelfTime(byMode, top = 30) {
  const names = new Set(Object.values(byMode).flatMap((m) => Object.keys(m)));
  const at = (mode, n) => byMode[mode]?.[n] ?? 0;
  const rows = [...names].map((n) => ({ n, none: at('none', n), rrweb: at('rrweb', n), st: at('shadowtrace', n) }));
  rows.sort((a, b) => Math.abs(b.st - b.rrweb) - Math.abs(a.st - a.rrweb));
  const f = (x) => x.toFixed(0).padStart(8);
  const total = (mode) => Object.values(byMode[mode] ?? {}).reduce((s, x) => s + x, 0);
  return [
    `${'none'.padStart(8)}${'rrweb'.padStart(8)}${'ST'.padStart(8)}${'ST−rr'.padStart(8)}  event (self thread ms)`,
    `${f(total('none'))}${f(total('rrweb'))}${f(total('shadowtrace'))}${f(total('shadowtrace') - total('rrweb'))}  (all)`,
    ...rows.slice(0, top).map((r) => `${f(r.none)}${f(r.rrweb)}${f(r.st)}${f(r.st - r.rrweb)}  ${r.n}`),
  ].join('\n');
}

/**
 * How many frames each marked page's main thread produced, and its layouts split by who asked: a frame's own
 * (inside `ProxyMain::BeginMainFrame`) or script reading layout (inside a `FunctionCall`). Side by side, a mode
 * whose page produced more frames pays more paint for it whether or not its recorder did anything to cause them.
 */
export function framesByMode(events) {
  const out = {};
  for (const [key, mode] of markedThreads(events)) {
    const [pid, tid] = key.split(':').map(Number);
    const spans = spansOn(events, pid, tid);
    const frames = spans.filter((s) => s.name === 'ProxyMain::BeginMainFrame');
    const scripts = spans.filter((s) => s.name === 'FunctionCall');
    const layouts = spans.filter((s) => s.name === 'Layout');
    const inScript = layouts.filter((l) => scripts.some((c) => c.ts <= l.ts && c.end >= l.end));
    const ms = (xs) => xs.reduce((n, s) => n + s.t, 0) / 1000;
    out[mode] = { frames: frames.length, frameMs: ms(frames), paints: spans.filter((s) => s.name === 'Paint').length, scriptLayouts: inScript.length, scriptLayoutMs: ms(inScript) };
  }
  return Object.entries(out)
    .map(([mode, f]) => `${mode.padEnd(12)} frames ${f.frames} (${f.frameMs.toFixed(0)} ms), paints ${f.paints}, layouts asked by script ${f.scriptLayouts} (${f.scriptLayoutMs.toFixed(1)} ms)`)
    .join('\n');
}
