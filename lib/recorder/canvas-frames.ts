/**
 * Canvas tools draw pixels the DOM does not describe, so replay would show blank boxes. This keeps a frame of
 * each canvas's pixels whenever they changed and stayed on screen for half a second, whatever drew them
 * (2D, WebGL, and WebGPU where the canvas can be read back). rrweb's own canvas recording stays off: it needs
 * a blob worker that strict sites' CSP refuses, and its replay would need scripts in the replay frame.
 */
import { CUSTOM, type CanvasFramePayload } from '../trace-events';

/** Sampled every quarter second and kept once stable for a sample: every picture held half a second is kept. */
export const FRAME_INTERVAL_MS = 250;
const FINGERPRINT_SIZE = 128;
const MAX_FRAME_SIDE = 1600;

const tracked = new Set<HTMLCanvasElement>();
let patched = false;

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

/** Samples tracked canvases while recording; returns a stop function. */
export function watchCanvasFrames(win: Window & typeof globalThis, sink: FrameSink): () => void {
  const last = new WeakMap<HTMLCanvasElement, number>();
  const pending = new WeakMap<HTMLCanvasElement, number>();
  const probe = new win.OffscreenCanvas(FINGERPRINT_SIZE, FINGERPRINT_SIZE);
  const probeCtx = probe.getContext('2d', { willReadFrequently: true });
  let busy = false;

  const sample = async () => {
    if (busy || !probeCtx || win.document.visibilityState !== 'visible') return;
    busy = true;
    try {
      for (const canvas of tracked) {
        if (!canvas.isConnected) {
          tracked.delete(canvas);
          continue;
        }
        if (canvas.width === 0 || canvas.height === 0) continue;
        const id = sink.idOf(canvas);
        if (id < 0) continue;
        probeCtx.clearRect(0, 0, FINGERPRINT_SIZE, FINGERPRINT_SIZE);
        probeCtx.drawImage(canvas, 0, 0, FINGERPRINT_SIZE, FINGERPRINT_SIZE);
        const print = fingerprint(probeCtx.getImageData(0, 0, FINGERPRINT_SIZE, FINGERPRINT_SIZE).data);
        if (print === last.get(canvas)) continue;
        // Keep a picture only once it has stayed for a whole interval: animations in flight are not kept.
        if (pending.get(canvas) !== print) {
          pending.set(canvas, print);
          continue;
        }
        last.set(canvas, print);
        const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(canvas.width, canvas.height));
        const width = Math.round(canvas.width * scale);
        const height = Math.round(canvas.height * scale);
        const frame = new win.OffscreenCanvas(width, height);
        frame.getContext('2d')?.drawImage(canvas, 0, 0, width, height);
        // Encoding runs off the main thread; only the hand-over happens here.
        const blob = await frame.convertToBlob({ type: 'image/webp', quality: 0.8 });
        sink.add(CUSTOM.canvasFrame, { target: id, width: canvas.width, height: canvas.height, dataUrl: await blobToDataUrl(blob) });
      }
    } catch {
      // A canvas that cannot be read (tainted by another origin's image) is left out; the rest still record.
    } finally {
      busy = false;
    }
  };

  const timer = win.setInterval(() => void sample(), FRAME_INTERVAL_MS);
  return () => win.clearInterval(timer);
}
