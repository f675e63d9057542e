/**
 * Drives rrweb's Replayer for one loaded trace, outside React. It keeps one Replayer over a window of the trace
 * that starts at a full-snapshot chunk, and builds a new one only when a seek lands before that window or past
 * the next snapshot chunk, so a seek replays from the nearest full snapshot and never from the trace's start.
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
import { clamp, pageAt, snapshotChunkAt } from '@/lib/replay/timeline';
import { CanvasPainter, isCanvas, type DecodeFrame } from './canvas-painter';

export interface EngineHooks {
  /** The playhead moved (while playing, about once a frame; after a seek, once). */
  onTime?: (t: number) => void;
  onPlaying?: (playing: boolean) => void;
  /** The recorded viewport's size, to scale the replay. */
  onViewport?: (size: { width: number; height: number }) => void;
  onCanvasPaint?: (frame: CanvasFrame) => void;
  /** A new Replayer was built from the snapshot chunk that starts at `start`. */
  onWindow?: (window: { chunk: number; start: number }) => void;
}

/**
 * Where playback should run faster than the chosen speed (a compressed pause, time away): the speed to play at
 * until `end`, or null where the chosen speed holds. Asked once a frame while playing and after every seek.
 */
export type TimeWarp = (t: number, speed: number) => { end: number; speed: number } | null;

/** Near the end of a fast stretch, slow down so that it is left within about this many frames. */
const WARP_LANDING_FRAMES = 3;

export interface EngineOptions {
  speed?: number;
  decode?: DecodeFrame;
  hooks?: EngineHooks;
}

export class ReplayEngine {
  readonly start: number;
  readonly end: number;
  readonly painter: CanvasPainter;
  /** Replayers built so far: a count tests and benchmarks can read. */
  builds = 0;
  private replayer: Replayer | null = null;
  private windowChunk = -1;
  private windowStart = 0;
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
    this.end = trace.end;
    this.time = trace.start;
    this.speed = options.speed ?? 1;
    this.applied = this.speed;
    this.hooks = options.hooks ?? {};
    this.painter = new CanvasPainter(options.decode, (frame) => this.hooks.onCanvasPaint?.(frame));
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

  get windowStartTime(): number {
    return this.windowStart;
  }

  currentTime(): number {
    if (this.replayer && this.playing) {
      this.time = clamp(this.windowStart + this.replayer.getCurrentTime() - 1, this.start, this.end);
    }
    return this.time;
  }

  private offsetOf(t: number): number {
    return t - this.windowStart + 1;
  }

  /** Builds a Replayer over the events from snapshot chunk `chunk` to the end of the trace. */
  private build(chunk: number): Replayer {
    this.replayer?.destroy();
    this.replayer = null;
    const events = this.trace.events.slice(this.trace.chunks[chunk]!.firstEvent);
    const replayer = new Replayer(events as eventWithTime[], {
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
    this.builds++;
    this.replayer = replayer;
    this.windowChunk = chunk;
    this.windowStart = replayer.getMetaData().startTime;
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
    this.hooks.onWindow?.({ chunk, start: this.windowStart });
    return replayer;
  }

  /** The Replayer whose window can show `t`: the current one if `t` falls in its snapshot chunk's span. */
  private replayerFor(t: number): Replayer {
    const chunk = snapshotChunkAt(this.trace.chunks, t, this.trace.events.length, 2);
    if (chunk < 0) throw new Error('This trace has nothing to replay.');
    if (this.replayer && chunk === this.windowChunk) return this.replayer;
    return this.build(chunk);
  }

  /** Shows the page as it was at `t`, and keeps playing from there if it was playing. */
  seek(t: number): void {
    if (this.destroyed) return;
    const target = clamp(t, this.start, this.end);
    const replayer = this.replayerFor(target);
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
