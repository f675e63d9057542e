/**
 * Drives rrweb's Replayer for one loaded trace, outside React. One Replayer and one frame serve the whole trace:
 * a seek replays from the nearest full snapshot before it (rrweb discards everything earlier), and that snapshot
 * is diffed into the page on screen rather than rebuilt (`diffing-rebuild.ts`), so a seek costs what changed.
 *
 * Isolation: the Replayer's frame is rrweb's sandboxed iframe (`sandbox="allow-same-origin"`, never
 * `allow-scripts`; checked after every build), the events were sanitised when loaded, and canvas frames are
 * painted by `CanvasPainter` from here.
 *
 * Speed: `setWarp` can make some stretches play faster than the chosen speed (the player's compressed pauses and
 * time away); the engine applies it each frame and slows down before a stretch ends, so it lands on the end.
 *
 * Time: the engine speaks in rrweb timestamps (ms since the epoch). The view at `t` shows every event stamped
 * at or before `t`; rrweb applies events strictly before its baseline, hence the 1 ms in `offsetOf`.
 */
import { Replayer, type eventWithTime } from 'rrweb';
import { CUSTOM, type CanvasFramePayload } from '@/lib/trace-events';
import type { CanvasFrame } from '@/lib/replay/canvas-frames';
import type { LoadedTrace } from '@/lib/replay/load';
import { clamp, forwardStep, pageAt } from '@/lib/replay/timeline';
import { CanvasPainter, isCanvas, type DecodeFrame } from './canvas-painter';
import { diffSnapshotsOnSeek, type RebuildCounts } from './diffing-rebuild';
import { adaptStylesAhead } from './styles-ahead';

export interface EngineHooks {
  /** The playhead moved (while playing, about once a frame; after a seek, once). */
  onTime?: (t: number) => void;
  onPlaying?: (playing: boolean) => void;
  /** The recorded viewport's size, to scale the replay. */
  onViewport?: (size: { width: number; height: number }) => void;
  onCanvasPaint?: (frame: CanvasFrame) => void;
}

/**
 * Where playback should run faster than the chosen speed (a compressed pause, time away): the speed to play at
 * until `end`, or null where the chosen speed holds. Asked once a frame while playing and after every seek.
 */
export type TimeWarp = (t: number, speed: number) => { end: number; speed: number } | null;

/**
 * A seek forward by at most this many events, with no full snapshot in between, applies them to the page
 * directly. rrweb's virtual DOM, which pays for a copy and a diff of the whole page, is for longer stretches.
 */
const DIRECT_STEP_EVENTS = 200;

/** Near the end of a fast stretch, slow down so that it is left within about this many frames. */
const WARP_LANDING_FRAMES = 3;

export interface EngineOptions {
  speed?: number;
  decode?: DecodeFrame;
  hooks?: EngineHooks;
}

/** rrweb's cache of stylesheets adapted for replay, which `adaptStylesAhead` fills before rrweb asks. */
const styleCacheOf = (replayer: Replayer) => (replayer as unknown as { cache: Parameters<typeof adaptStylesAhead>[1] }).cache;

/** Appended while playing, up to this many events go through rrweb's own `addEvent`, which schedules them. */
const SCHEDULED_APPEND_EVENTS = 500;

export class ReplayEngine {
  readonly start: number;
  /** The last event's time: it moves as a trace that is still loading or recording grows (`append`). */
  private last: number;
  readonly painter: CanvasPainter;
  /** How full snapshots were applied so far (rebuilt whole, or diffed into the page): for tests and benchmarks. */
  snapshots: RebuildCounts = { rebuilt: 0, diffed: 0, scoped: 0, visited: 0 };
  private replayer: Replayer | null = null;
  private readonly eventTimes: number[];
  private readonly snapshotTimes: number[];
  /** How many of `trace.events` are in `eventTimes`, and how many the Replayer has. */
  private timed: number;
  private fed = 0;
  /** The Replayer's time zero: its first event. */
  private origin = 0;
  private seeking = false;
  private playing = false;
  private speed: number;
  /** The speed the Replayer runs at now: the chosen speed, or faster inside a warp. */
  private applied: number;
  private warp: TimeWarp | null = null;
  private lastTick = 0;
  private time: number;
  private raf = 0;
  private destroyed = false;
  private readonly hooks: EngineHooks;

  constructor(
    private readonly host: HTMLElement,
    readonly trace: LoadedTrace,
    options: EngineOptions = {},
  ) {
    this.start = trace.start;
    this.last = trace.end;
    this.time = trace.start;
    this.speed = options.speed ?? 1;
    this.applied = this.speed;
    this.hooks = options.hooks ?? {};
    this.eventTimes = trace.events.map((e) => e.timestamp);
    this.snapshotTimes = trace.events.filter((e) => e.type === 2).map((e) => e.timestamp);
    this.timed = trace.events.length;
    this.painter = new CanvasPainter(options.decode, (frame) => this.hooks.onCanvasPaint?.(frame));
  }

  get end(): number {
    return this.last;
  }

  /**
   * Takes the events added to `trace.events` since the last call (see `TraceDecoder`): the rest of a long trace
   * decoded after its first frame, or what a trace still recording stored since.
   */
  grow(): void {
    const all = this.trace.events;
    if (this.destroyed || this.timed === all.length) return;
    for (let i = this.timed; i < all.length; i++) {
      const e = all[i]!;
      this.eventTimes.push(e.timestamp);
      if (e.type === 2) this.snapshotTimes.push(e.timestamp);
      this.last = Math.max(this.last, e.timestamp);
    }
    this.timed = all.length;
    const replayer = this.replayer;
    if (!replayer) return; // built later, from all of trace.events
    const fresh = all.slice(this.fed);
    this.fed = all.length;
    adaptStylesAhead(fresh, styleCacheOf(replayer));
    if (this.playing && fresh.length <= SCHEDULED_APPEND_EVENTS) {
      for (const e of fresh) replayer.addEvent(e);
      return;
    }
    // rrweb's addEvent takes a machine transition per event; a long stretch goes straight into its event list,
    // which a seek (or the next play) schedules from.
    const list = (replayer as unknown as { service: { state: { context: { events: eventWithTime[] } } } }).service.state.context.events;
    const tail = list.at(-1)?.timestamp ?? -Infinity;
    for (const e of fresh) list.push(e);
    if (fresh[0]!.timestamp < tail) list.sort((a, b) => a.timestamp - b.timestamp);
    if (this.playing) this.seek(this.currentTime());
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** The replay's iframe (for scaling and for tests); null before the first seek. */
  get iframe(): HTMLIFrameElement | null {
    return this.replayer?.iframe ?? null;
  }

  /** The speed the replay runs at right now (faster than the chosen one inside a compressed stretch). */
  get effectiveSpeed(): number {
    return this.applied;
  }

  currentTime(): number {
    if (this.replayer && this.playing) {
      this.time = clamp(this.origin + this.replayer.getCurrentTime() - 1, this.start, this.end);
    }
    return this.time;
  }

  private offsetOf(t: number): number {
    return t - this.origin + 1;
  }

  /** The trace's Replayer, built on first use. */
  private replayerNow(): Replayer {
    if (this.replayer) return this.replayer;
    this.grow(); // the times of events added since construction
    if (this.snapshotTimes.length === 0) throw new Error('This trace has nothing to replay.');
    this.fed = this.trace.events.length;
    const replayer = new Replayer(this.trace.events.slice(0, this.fed), {
      root: this.host,
      speed: this.applied,
      UNSAFE_replayCanvas: false,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
      skipInactive: false,
      pauseAnimation: true,
      useVirtualDom: true,
    });
    const sandbox = replayer.iframe.getAttribute('sandbox') ?? '';
    if (sandbox.split(/\s+/).includes('allow-scripts') || !replayer.iframe.hasAttribute('sandbox')) {
      replayer.destroy();
      throw new Error('Refusing to replay: the replay frame would be allowed to run scripts.');
    }
    replayer.iframe.title = `Replay of ${this.trace.title}`;
    adaptStylesAhead(this.trace.events, styleCacheOf(replayer)); // all of them: `fed` was just set to their count
    this.snapshots = diffSnapshotsOnSeek(replayer, (a, b) => pageAt(this.trace.pages, a) === pageAt(this.trace.pages, b));
    this.replayer = replayer;
    this.origin = replayer.getMetaData().startTime;
    replayer.on('resize', (size) => {
      if (this.replayer === replayer) this.hooks.onViewport?.(size as { width: number; height: number });
    });
    replayer.on('finish', () => {
      if (this.replayer !== replayer || !this.playing) return;
      this.time = this.end;
      this.setPlaying(false);
      this.hooks.onTime?.(this.time);
    });
    replayer.on('custom-event', (e) => {
      const event = e as { timestamp: number; data: { tag: string; payload: unknown } };
      if (this.seeking || this.replayer !== replayer || event.data.tag !== CUSTOM.canvasFrame) return;
      const payload = event.data.payload as CanvasFramePayload;
      const page = pageAt(this.trace.pages, event.timestamp);
      // The chain from the index: the painter adds this frame to what the canvas shows, or paints the chain.
      void this.paintChain(this.trace.frames.chainAt(event.timestamp, page, payload.target), false);
    });
    // A snapshot applied while playing (a new page load, a checkout) gives fresh canvases: repaint them.
    // The first snapshot is applied by rrweb on a timer after construction, also outside any seek.
    replayer.on('fullsnapshot-rebuilded', () => {
      if (this.seeking || this.replayer !== replayer) return;
      queueMicrotask(() => this.paintCanvasesAt(this.currentTime()));
    });
    return replayer;
  }

  /** Shows the page as it was at `t`, and keeps playing from there if it was playing. */
  seek(t: number): void {
    if (this.destroyed) return;
    const target = clamp(t, this.start, this.end);
    const fresh = this.replayer === null;
    const replayer = this.replayerNow();
    const step = fresh ? -1 : forwardStep(this.eventTimes, this.snapshotTimes, this.currentTime(), target);
    replayer.config.useVirtualDom = step < 0 || step > DIRECT_STEP_EVENTS;
    this.seeking = true;
    try {
      if (this.playing) replayer.play(this.offsetOf(target));
      else replayer.pause(this.offsetOf(target));
    } finally {
      this.seeking = false;
    }
    this.time = target;
    this.applyWarp(target);
    this.paintCanvasesAt(target);
    this.hooks.onTime?.(target);
  }

  play(): void {
    if (this.destroyed || this.playing) return;
    let t = this.currentTime();
    if (t >= this.end) t = this.start;
    this.playing = true;
    this.seek(t);
    this.setPlaying(true);
  }

  pause(): void {
    if (!this.playing) return;
    const t = this.currentTime();
    this.replayer?.pause();
    this.time = t;
    this.setPlaying(false);
    this.hooks.onTime?.(t);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.applied = speed;
    this.replayer?.setConfig({ speed });
    this.applyWarp(this.currentTime());
  }

  /** Plays some stretches faster than the chosen speed (see `TimeWarp`); null plays everything at it. */
  setWarp(warp: TimeWarp | null): void {
    this.warp = warp;
    this.applyWarp(this.currentTime());
  }

  /**
   * Sets the Replayer's speed for time `t`. Inside a warp it runs fast, and slows down as the warp's end nears
   * so that a frame never carries the playhead far past it (rrweb's timer moves in whole frames).
   */
  private applyWarp(t: number, frameMs = 16): void {
    const w = this.warp?.(t, this.speed) ?? null;
    let s = this.speed;
    if (w && w.end > t) s = clamp((w.end - t) / (WARP_LANDING_FRAMES * Math.max(8, frameMs)), this.speed, w.speed);
    if (s === this.applied) return;
    this.applied = s;
    this.replayer?.setConfig({ speed: s });
  }

  /** Paints, for each canvas on screen at `t`, its picture at `t`: its last key frame and the deltas after it. */
  paintCanvasesAt(t: number): void {
    for (const chain of this.trace.frames.chainsAt(t, pageAt(this.trace.pages, t))) void this.paintChain(chain, true);
  }

  private async paintChain(chain: readonly CanvasFrame[], fresh: boolean): Promise<void> {
    const target = chain[0]?.target;
    if (target === undefined) return;
    const node = this.replayer?.getMirror().getNode(target);
    if (isCanvas(node)) await this.painter.show(node, chain, { fresh });
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    cancelAnimationFrame(this.raf);
    if (playing) {
      this.lastTick = performance.now();
      const tick = () => {
        if (!this.playing) return;
        const now = performance.now();
        const t = this.currentTime();
        this.applyWarp(t, Math.min(100, now - this.lastTick));
        this.lastTick = now;
        this.hooks.onTime?.(t);
        this.raf = requestAnimationFrame(tick);
      };
      this.raf = requestAnimationFrame(tick);
    }
    this.hooks.onPlaying?.(playing);
  }

  destroy(): void {
    this.destroyed = true;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.replayer?.destroy();
    this.replayer = null;
  }
}
