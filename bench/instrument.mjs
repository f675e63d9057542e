/**
 * Scripts injected into every workload page's main world at document start (Playwright addInitScript), the same
 * in every mode:
 *  - long tasks (PerformanceObserver) and the time spent in DOMContentLoaded listeners (where both rrweb and
 *    Shadowtrace take their first snapshot);
 *  - Shadowtrace's pipe, measured from outside: the time of JSON.stringify on a batch of rrweb events (the
 *    batcher's one serialisation) and of dispatching each `shadowtrace:batch` event (the isolated world's
 *    listener and the port's postMessage run synchronously inside it), with the batch's size; and, for a
 *    batch handed over by the batcher's timer, that whole timer task (`flushMs`: what the batcher does to the
 *    events before serialising them counts too). A batch with a very large mutation leaves in pieces, one per
 *    task (`shadowtrace:batch-glue` and `shadowtrace:batch-piece`, then its closing text as `shadowtrace:batch`):
 *    each piece is a record of its own (`piece: true`, or `pieces` on the last), with its glue and the
 *    serialising of that piece's task. So every
 *    JSON.stringify of a list counts (a piece serialises runs of a mutation's entries, not events): the workload
 *    pages call none, rrweb only on objects (a style's difference), and the bench's control keeps the original.
 */
export function instrument() {
  if (window !== window.top) return;
  const B = (window.__bench = { longtasks: [], batches: [], dclStart: 0, dclEnd: 0 });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  document.addEventListener('DOMContentLoaded', () => (B.dclStart = performance.now()), { capture: true });
  window.addEventListener('DOMContentLoaded', () => (B.dclEnd = performance.now()));
  const stringify = JSON.stringify;
  let pending = 0;
  // A piece of a large batch is serialised in one task and handed over in the next: serialising that no hand-over
  // took up by the end of its task is a task of its own (`serialised`, its time by the page's clock). The mark
  // lets the bench find that task in a Chrome trace (bench/trace.mjs `serialiseTasks`).
  B.serialised = [];
  let taskOpen = false;
  JSON.stringify = function (value, ...rest) {
    if (!Array.isArray(value) && !value?.batch) return stringify.call(this, value, ...rest);
    console.timeStamp('bench:serialise');
    const t = performance.now();
    const out = stringify.call(this, value, ...rest);
    pending += performance.now() - t;
    if (!taskOpen) {
      taskOpen = true;
      queueMicrotask(() => {
        taskOpen = false;
        if (pending === 0) return;
        B.serialised.push({ at: t, ms: pending });
        pending = 0;
      });
    }
    return out;
  };
  // Every timer callback of the page is wrapped, in every mode alike; only those that hand over a batch are kept.
  const setTimer = window.setTimeout;
  let timerBatches = null;
  window.setTimeout = function (fn, ms, ...args) {
    if (typeof fn !== 'function') return setTimer.call(this, fn, ms, ...args);
    return setTimer.call(
      this,
      function (...a) {
        const outer = timerBatches;
        const mine = (timerBatches = []);
        const t = performance.now();
        try {
          return fn.apply(this, a);
        } finally {
          const d = performance.now() - t;
          for (const b of mine) b.flushMs = d / mine.length;
          timerBatches = outer;
        }
      },
      ms,
      ...args,
    );
  };
  const dispatch = EventTarget.prototype.dispatchEvent;
  let pieces = 0;
  // A piece's glue (a comma, mostly) goes in its own event just before the piece, in the same task.
  let glue = { ms: 0, bytes: 0 };
  EventTarget.prototype.dispatchEvent = function (event) {
    if (event.type === 'shadowtrace:batch-glue') {
      const t = performance.now();
      const out = dispatch.call(this, event);
      glue = { ms: performance.now() - t, bytes: typeof event.detail === 'string' ? event.detail.length : 0 };
      return out;
    }
    const piece = event.type === 'shadowtrace:batch-piece';
    if (event.type !== 'shadowtrace:batch' && !piece) return dispatch.call(this, event);
    const t = performance.now();
    const out = dispatch.call(this, event);
    const d = performance.now() - t + glue.ms;
    const wire = typeof event.detail === 'string' ? event.detail : '';
    const glueBytes = glue.bytes;
    glue = { ms: 0, bytes: 0 };
    let full = false;
    let count = 0;
    if (!piece) {
      try {
        const h = JSON.parse(wire.slice('{"batch":'.length, wire.indexOf('}') + 1));
        full = !!h.fullSnapshot;
        count = h.count;
      } catch {}
    }
    const batch = { at: t, wallAt: Date.now(), bytes: wire.length + glueBytes, count, stringifyMs: pending, dispatchMs: d, full };
    if (piece) {
      batch.piece = true;
      pieces++;
    } else if (pieces > 0) {
      batch.pieces = pieces + 1;
      pieces = 0;
    }
    B.batches.push(batch);
    timerBatches?.push(batch);
    pending = 0;
    return out;
  };
  B.flush = () => document.dispatchEvent(new CustomEvent('shadowtrace:control', { detail: '{"type":"flush"}' }));
  // A control for the batch costs: a fixed task of a batch's size (serialise 40 events, about 12 KB, and dispatch
  // them), every 2 s in every mode, timed the same way. What it sees over 2 ms is this page's garbage collection
  // and this host's other work, which land in whatever task runs.
  B.control = [];
  B.startControl = () => {
    const sample = Array.from({ length: 40 }, (_, i) => ({ type: 3, data: { source: 5, id: 40 + i, text: 'x'.repeat(250), isChecked: false }, timestamp: i }));
    setInterval(() => {
      const t = performance.now();
      dispatch.call(document, new CustomEvent('bench:control', { detail: stringify(sample) }));
      B.control.push(performance.now() - t);
    }, 2000);
  };
}

/** Plain rrweb, started where Shadowtrace starts it (a DOMContentLoaded listener), events kept in an array. */
export function startRrweb(options) {
  if (location.pathname === '/blank.html' || window !== window.top) return;
  window.__rr = [];
  document.addEventListener('DOMContentLoaded', () => {
    window.__rrStop = window.rrweb.record({ ...options, emit: (e) => window.__rr.push(e) });
  });
}
