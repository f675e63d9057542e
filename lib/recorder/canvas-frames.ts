/**
 * Canvas tools draw pixels the DOM does not describe, so replay would show blank boxes. This keeps a frame of
 * each canvas's pixels whenever they changed and stayed on screen for half a second, whatever drew them
 * (2D, WebGL, and WebGPU where the canvas can be read back). rrweb's own canvas recording stays off: it needs
 * a blob worker that strict sites' CSP refuses, and its replay would need scripts in the replay frame.
 *
 * Only what changed is kept: a changed picture is compared, tile by tile, with the last kept one, and only the
 * rectangles that cover the changed tiles are encoded (delta frames), with a whole-canvas key frame at the start,
 * after a resize or a new snapshot of the page, and every so often (lib/recorder/canvas-diff.ts decides).
 */
import { CUSTOM, type CanvasFramePayload, type CanvasPatch } from '../trace-events';
import { changedTiles, hasFewColours, planFrame, type KeyState, type Rect } from './canvas-diff';
import { insidePrivate } from './privacy';

/** Sampled every quarter second and kept once stable for a sample: every picture held half a second is kept. */
export const FRAME_INTERVAL_MS = 250;
const FINGERPRINT_SIZE = 128;
const MAX_FRAME_SIDE = 1600;

const tracked = new Set<HTMLCanvasElement>();
let patched = false;
/** Wakes the sampler of the recording in progress when the page makes its first canvas. */
let onTracked: (() => void) | null = null;

/**
 * Must run before the page creates its contexts (document_start, main world): WebGL's drawing buffer is
 * cleared after each frame unless it is preserved, and a cleared buffer reads back blank.
 */
export function patchCanvasContexts(win: Window & typeof globalThis): void {
  if (patched) return;
  patched = true;
  const proto = win.HTMLCanvasElement.prototype;
  const original = proto.getContext;
  proto.getContext = function (this: HTMLCanvasElement, type: string, attributes?: Record<string, unknown>) {
    let attrs = attributes;
    if (type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl') {
      attrs = { ...(attributes ?? {}), preserveDrawingBuffer: true };
    }
    const context = (original as (this: HTMLCanvasElement, t: string, a?: unknown) => unknown).call(this, type, attrs);
    if (context) {
      tracked.add(this);
      onTracked?.();
      if (type === 'webgpu') allowWebGpuReadback(context);
    }
    return context;
  } as typeof proto.getContext;
}

/** WebGPU textures can be read back only with COPY_SRC usage: add it when the page configures the canvas. */
function allowWebGpuReadback(context: unknown): void {
  const ctx = context as { configure?: (config: Record<string, unknown>) => void };
  const configure = ctx.configure;
  if (typeof configure !== 'function') return;
  ctx.configure = function (this: unknown, config: Record<string, unknown>) {
    const usage = typeof config.usage === 'number' ? config.usage : 0x10; // RENDER_ATTACHMENT
    return configure.call(this, { ...config, usage: usage | 0x01 }); // | COPY_SRC
  };
}

/** FNV-1a over a downscaled copy: cheap enough every half second, and changes when the picture does. */
function fingerprint(pixels: Uint8ClampedArray): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pixels.length; i++) {
    hash ^= pixels[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

async function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((ok, ko) => {
    const reader = new FileReader();
    reader.onload = () => ok(String(reader.result));
    reader.onerror = () => ko(reader.error);
    reader.readAsDataURL(blob);
  });
}

export interface FrameSink {
  add: (tag: string, payload: CanvasFramePayload) => void;
  idOf: (node: Node) => number;
}

export interface FrameWatch {
  stop: () => void;
  /** The next picture of every canvas is a key frame, changed or not (rrweb took a new full snapshot). */
  keyFramesNext: () => void;
}

/** What is remembered of each canvas: the last kept picture, at the size it was encoded. */
interface CanvasState {
  /** Fingerprint of the last kept picture, and of a changed picture waiting to be seen twice. */
  print: number | null;
  pending: number | null;
  pixels: Uint32Array | null;
  frameWidth: number;
  frameHeight: number;
  width: number;
  height: number;
  key: KeyState | null;
  keyDue: boolean;
  /** Where the picture is read back, kept between pictures of the same size. */
  frame: OffscreenCanvas | null;
}

/**
 * Lossy WebP for pictures with many colours (antialiased strokes, photos, 3D scenes: 4x smaller than lossless on
 * the bench's strokes); lossless for flat graphics with few colours, which it keeps exact and in fewer bytes
 * (Chromium encodes WebP losslessly at quality 1).
 */
const LOSSY_QUALITY = 0.8;

async function encode(canvas: OffscreenCanvas, pixels: Uint32Array, width: number, rect: Rect): Promise<Blob> {
  const quality = hasFewColours(pixels, width, rect) ? 1 : LOSSY_QUALITY;
  return canvas.convertToBlob({ type: 'image/webp', quality });
}

/** Samples tracked canvases while recording. */
export function watchCanvasFrames(win: Window & typeof globalThis, sink: FrameSink): FrameWatch {
  const states = new WeakMap<HTMLCanvasElement, CanvasState>();
  let keyEpoch = 0;
  const epochs = new WeakMap<CanvasState, number>();
  let probeCtx: OffscreenCanvasRenderingContext2D | null = null;
  let busy = false;

  const stateOf = (canvas: HTMLCanvasElement): CanvasState => {
    let st = states.get(canvas);
    if (!st) {
      st = { print: null, pending: null, pixels: null, frameWidth: 0, frameHeight: 0, width: 0, height: 0, key: null, keyDue: true, frame: null };
      states.set(canvas, st);
      epochs.set(st, keyEpoch);
    }
    if (epochs.get(st) !== keyEpoch) {
      epochs.set(st, keyEpoch);
      st.keyDue = true;
    }
    return st;
  };

  /** Keeps the canvas's picture: a key frame, or the rectangles that differ from the last kept picture. */
  const keep = async (canvas: HTMLCanvasElement, st: CanvasState, id: number, print: number) => {
    const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(canvas.width, canvas.height));
    const width = Math.max(1, Math.round(canvas.width * scale));
    const height = Math.max(1, Math.round(canvas.height * scale));
    if (st.frame?.width !== width || st.frame.height !== height) st.frame = new win.OffscreenCanvas(width, height);
    const frame = st.frame;
    const ctx = frame.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(canvas, 0, 0, width, height);
    const image = ctx.getImageData(0, 0, width, height);
    const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, width * height);
    const sameSize =
      st.pixels !== null && st.frameWidth === width && st.frameHeight === height && st.width === canvas.width && st.height === canvas.height;
    const usable = sameSize && !st.keyDue;
    const plan = planFrame(usable ? changedTiles(st.pixels!, pixels, width, height) : null, width, height, usable ? st.key : null);
    const base = { target: id, width: canvas.width, height: canvas.height };
    // From here the picture counts as kept: a failed encoding is not retried with the same pixels.
    Object.assign(st, { print, pending: null, pixels, frameWidth: width, frameHeight: height, width: canvas.width, height: canvas.height, keyDue: false });
    if (plan.kind === 'none') return;
    if (plan.kind === 'key') {
      // Encoding runs off the main thread; only the hand-over happens here.
      const blob = await encode(frame, pixels, width, { x: 0, y: 0, width, height });
      st.key = { keyBytes: blob.size, deltas: 0, deltaBytes: 0 };
      sink.add(CUSTOM.canvasFrame, { ...base, dataUrl: await blobToDataUrl(blob) });
      return;
    }
    const patches = plan.rects.map((r) => {
      const patch = new win.OffscreenCanvas(r.width, r.height);
      patch.getContext('2d')?.putImageData(image, -r.x, -r.y, r.x, r.y, r.width, r.height);
      return { rect: r, patch };
    });
    for (const { rect, patch } of patches) {
      const blob = await encode(patch, pixels, width, rect);
      if (st.key) {
        st.key.deltas++;
        st.key.deltaBytes += blob.size;
      }
      sink.add(CUSTOM.canvasFrame, { ...base, patch: toCanvasPixels(rect, 1 / scale, canvas.width, canvas.height), dataUrl: await blobToDataUrl(blob) });
    }
  };

  const sample = async () => {
    if (busy || win.document.visibilityState !== 'visible') return;
    const probe = (probeCtx ??= new win.OffscreenCanvas(FINGERPRINT_SIZE, FINGERPRINT_SIZE).getContext('2d', { willReadFrequently: true }));
    if (!probe) return;
    busy = true;
    try {
      for (const canvas of tracked) {
        if (!canvas.isConnected) {
          tracked.delete(canvas);
          continue;
        }
        if (canvas.width === 0 || canvas.height === 0) continue;
        // A private canvas is an empty box in the snapshot, but rrweb still gives it an id; one inside an element
        // that became private later keeps its id too. Neither may have its pixels kept (a signature, a QR code).
        if (insidePrivate(canvas)) continue;
        const id = sink.idOf(canvas);
        if (id < 0) continue;
        const st = stateOf(canvas);
        probe.clearRect(0, 0, FINGERPRINT_SIZE, FINGERPRINT_SIZE);
        probe.drawImage(canvas, 0, 0, FINGERPRINT_SIZE, FINGERPRINT_SIZE);
        const print = fingerprint(probe.getImageData(0, 0, FINGERPRINT_SIZE, FINGERPRINT_SIZE).data);
        if (print === st.print && !st.keyDue) {
          st.pending = null;
          continue;
        }
        // Keep a picture only once it has stayed for a whole interval: animations in flight are not kept.
        // An unchanged picture that must be a key frame (after a new snapshot) is stable already.
        if (print !== st.print && st.pending !== print) {
          st.pending = print;
          continue;
        }
        await keep(canvas, st, id, print);
      }
    } catch {
      // A canvas that cannot be read (tainted by another origin's image) is left out; the rest still record.
    } finally {
      busy = false;
    }
  };

  // Most pages have no canvas: they get no timer at all, rather than four empty tasks a second for as long as the
  // senior records. The timer starts with the page's first canvas and ends when its last one is gone.
  let timer: number | null = null;
  let stopped = false;
  const tick = () => {
    if (tracked.size > 0) return void sample();
    if (timer !== null) win.clearInterval(timer);
    timer = null;
  };
  const wake = () => {
    if (timer === null && !stopped) timer = win.setInterval(tick, FRAME_INTERVAL_MS);
  };
  onTracked = wake;
  if (tracked.size > 0) wake();
  return {
    stop: () => {
      stopped = true;
      if (timer !== null) win.clearInterval(timer);
      timer = null;
      if (onTracked === wake) onTracked = null;
    },
    keyFramesNext: () => {
      keyEpoch++;
    },
  };
}

/** A rectangle of the encoded frame in the canvas's own pixels (the frame is smaller for very large canvases). */
function toCanvasPixels(r: CanvasPatch, factor: number, width: number, height: number): CanvasPatch {
  if (factor === 1) return { ...r };
  const x = Math.min(width - 1, Math.floor(r.x * factor));
  const y = Math.min(height - 1, Math.floor(r.y * factor));
  return {
    x,
    y,
    width: Math.max(1, Math.min(width, Math.ceil((r.x + r.width) * factor)) - x),
    height: Math.max(1, Math.min(height, Math.ceil((r.y + r.height) * factor)) - y),
  };
}
