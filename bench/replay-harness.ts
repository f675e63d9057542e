/**
 * Replay harness page (bundled by bench/run.mjs with rolldown): times the first frame and seeks of
 *  - plain: rrweb's Replayer over the whole trace, from its start, default options;
 *  - engine: the player's ReplayEngine (components/player/replay-engine.ts) over the trace decoded by
 *    lib/replay/load.ts from gzip chunks as the side panel does: first frame after the first snapshot's chunks,
 *    the rest decoded behind it;
 *  - windowed: a bench-local prototype: one Replayer per checkpoint window (snapshot chunk to the next snapshot
 *    chunk), never over the rest of the trace.
 * Times are wall-clock in the page, from the call to the next painted frame. After each seek, the engine and the
 * plain Replayer also note a fingerprint of the page they show (`shown`), which must agree.
 */
import { Replayer, type eventWithTime } from 'rrweb';
import { ReplayEngine } from '../components/player/replay-engine';
import { TraceDecoder, decodeTrace } from '../lib/replay/load';
import { snapshotChunkAt } from '../lib/replay/timeline';
import { pageState } from '../tests/e2e/pages/page-state';

const frame = () => new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));

/**
 * The first painted frame that shows the page. rrweb builds a trace's first snapshot on a timer after its Replayer
 * is made, so the next frame alone can come before the build and time none of it, or of its layout.
 */
async function shownFrame(iframe: () => HTMLIFrameElement | null | undefined): Promise<void> {
  do await new Promise(requestAnimationFrame);
  while (!iframe()?.contentDocument?.body?.firstChild);
  await new Promise((ok) => setTimeout(ok, 0));
}

/** A short fingerprint (FNV-1a) of what a replay frame shows, to check that two players show the same page. */
function shown(iframe: HTMLIFrameElement): string {
  let h = 0x811c9dc5;
  for (const line of pageState(iframe)) {
    for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
const now = () => performance.now();

function freshHost(): HTMLElement {
  const old = document.getElementById('host')!;
  const host = document.createElement('div');
  host.id = 'host';
  old.replaceWith(host);
  return host;
}

function b64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function rows(url: string) {
  const list = (await (await fetch(url)).json()) as { seq: number; page: number; data: string }[];
  return list.map((r) => ({ seq: r.seq, page: r.page, data: b64(r.data) }));
}

const silence = <T>(fn: () => T): T => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
};

async function plain(eventsUrl: string, points: number[]) {
  const text = await (await fetch(eventsUrl)).text();
  let t = now();
  const events = JSON.parse(text) as eventWithTime[];
  const loadMs = now() - t;
  const host = freshHost();
  t = now();
  const replayer = silence(() => new Replayer(events, { root: host, showWarning: false }));
  silence(() => replayer.pause(0));
  await shownFrame(() => replayer.iframe);
  const firstFrameMs = now() - t;
  const start = replayer.getMetaData().startTime;
  const seeks: number[] = [];
  const states: string[] = [];
  for (const p of points) {
    t = now();
    silence(() => replayer.pause(p - start + 1));
    await frame();
    seeks.push(now() - t);
    states.push(shown(replayer.iframe));
  }
  // Rebuild alone: seeks that land just after a full snapshot, so almost nothing is replayed after it.
  const rebuilds: number[] = [];
  const snaps = events.filter((e) => e.type === 2).map((e) => e.timestamp).slice(1, 4);
  for (const at of snaps) {
    t = now();
    silence(() => replayer.pause(at - start + 1));
    await frame();
    rebuilds.push(now() - t);
  }
  replayer.destroy();
  return { loadMs, firstFrameMs, seeks, rebuilds, states };
}

/**
 * The side panel's way: decode up to the first full snapshot, show the first frame, then decode the rest while it
 * is on screen (components/player/use-growing-trace.ts). `firstFrameMs` runs from opening the trace (its rows
 * already read) to the first painted frame; `loadMs` is the decoding of the whole trace.
 */
async function engine(rowsUrl: string, points: number[]) {
  const input = await rows(rowsUrl);
  const opened = now();
  const decoder = new TraceDecoder({ id: 'bench', title: 'bench' });
  let i = 0;
  while (i < input.length && !decoder.hasSnapshot) await decoder.add(input.slice(i, ++i));
  const decoded = now();
  const host = freshHost();
  const e = new ReplayEngine(host, decoder.result());
  silence(() => e.seek(decoder.trace.start));
  const sought = now();
  await shownFrame(() => e.iframe);
  const firstFrameMs = now() - opened;
  // Where the first frame went: decoding its chunks, the engine's seek (rrweb's frame, styles adapted ahead),
  // then rrweb's build on its timer with Chromium's style, layout and paint.
  const firstFrameParts = { decodeMs: decoded - opened, seekMs: sought - decoded, buildAndPaintMs: now() - sought };
  for (; i < input.length; i += 24) {
    await decoder.add(input.slice(i, i + 24));
    e.grow();
  }
  const loadMs = now() - opened;
  const seeks: number[] = [];
  const states: string[] = [];
  for (const p of points) {
    const t = now();
    silence(() => e.seek(p));
    await frame();
    seeks.push(now() - t);
    states.push(shown(e.iframe!));
  }
  const snapshots = { ...e.snapshots };
  e.destroy();
  return { loadMs, firstFrameMs, firstFrameParts, seeks, snapshots, states };
}

/** Prototype: a Replayer over one checkpoint window only (its snapshot chunk up to the next snapshot chunk). */
async function windowed(rowsUrl: string, points: number[]) {
  const input = await rows(rowsUrl);
  let t = now();
  const trace = await decodeTrace({ id: 'bench', title: 'bench' }, input);
  const loadMs = now() - t;
  const host = freshHost();
  let current: { chunk: number; replayer: Replayer; start: number } | null = null;
  const show = (at: number) => {
    const chunk = snapshotChunkAt(trace.chunks, at, trace.events.length, 2);
    if (!current || current.chunk !== chunk) {
      current?.replayer.destroy();
      let next = trace.chunks.length;
      for (let i = chunk + 1; i < trace.chunks.length; i++) {
        if (trace.chunks[i]!.fullSnapshot) {
          next = i;
          break;
        }
      }
      const from = trace.chunks[chunk]!.firstEvent;
      const to = next < trace.chunks.length ? trace.chunks[next]!.firstEvent : trace.events.length;
      const replayer = new Replayer(trace.events.slice(from, to), {
        root: host,
        showWarning: false,
        mouseTail: false,
        UNSAFE_replayCanvas: false,
        useVirtualDom: true,
      });
      current = { chunk, replayer, start: replayer.getMetaData().startTime };
    }
    current.replayer.pause(at - current.start + 1);
  };
  t = now();
  silence(() => show(trace.start));
  await shownFrame(() => current?.replayer.iframe);
  const firstFrameMs = now() - t;
  const seeks: number[] = [];
  for (const p of points) {
    t = now();
    silence(() => show(p));
    await frame();
    seeks.push(now() - t);
  }
  // TypeScript cannot see the closure above assign it.
  (current as { replayer: Replayer } | null)?.replayer.destroy();
  return { loadMs, firstFrameMs, seeks };
}

(window as unknown as { benchReplay: unknown }).benchReplay = { plain, engine, windowed };
