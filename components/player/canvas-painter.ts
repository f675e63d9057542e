/**
 * Paints recorded canvas frames onto the replayed canvases from the player's own code, so the replay frame never
 * needs scripts (rrweb's UNSAFE_replayCanvas). Frames are `data:image/...` URLs, decoded here without any
 * request; a paint that finishes after a newer one started for the same canvas is thrown away.
 *
 * A canvas's picture is a chain (lib/replay/canvas-frames.ts): a key frame, then delta frames that each replace
 * one rectangle. While playing, the next delta is painted on what is there; after a seek, the whole chain is.
 */
import type { CanvasFrame } from '@/lib/replay/canvas-frames';
import type { CanvasFramePayload } from '@/lib/trace-events';

export interface Context2DLike {
  clearRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasImageSource, x: number, y: number, w: number, h: number): void;
}

/**
 * Paints one frame onto a canvas of `width` x `height`: a key frame over the whole canvas, a delta over its
 * rectangle (cleared first, so a patch that is transparent there clears it too). The frame's coordinates are
 * those of the recorded canvas, scaled to this one.
 */
export function drawFrame(ctx: Context2DLike, frame: CanvasFramePayload, image: CanvasImageSource, width: number, height: number): void {
  const p = frame.patch;
  if (!p) {
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(image, 0, 0, width, height);
    return;
  }
  const sx = width / frame.width;
  const sy = height / frame.height;
  const x = p.x * sx;
  const y = p.y * sy;
  const w = p.width * sx;
  const h = p.height * sy;
  ctx.clearRect(x, y, w, h);
  ctx.drawImage(image, x, y, w, h);
}

/** What a replayed `<canvas>` offers: it lives in the replay frame's realm, so `instanceof` cannot be used. */
export interface CanvasLike {
  nodeName: string;
  width: number;
  height: number;
  getContext(type: '2d'): Context2DLike | null;
}

export type DecodeFrame = (dataUrl: string) => Promise<CanvasImageSource>;

/** data: URL to an ImageBitmap, without fetch (the page's CSP allows no connections) and without an <img>. */
export async function decodeDataUrl(dataUrl: string): Promise<ImageBitmap> {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || comma < 0) throw new Error('A canvas frame is not a data: URL.');
  const meta = dataUrl.slice(5, comma);
  const body = dataUrl.slice(comma + 1);
  let bytes: Uint8Array;
  if (/;base64$/i.test(meta)) {
    const text = atob(body);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  } else bytes = new TextEncoder().encode(decodeURIComponent(body));
  return createImageBitmap(new Blob([bytes as BlobPart], { type: meta.split(';')[0] }));
}

export function isCanvas(node: unknown): node is CanvasLike {
  return (
    typeof node === 'object' &&
    node !== null &&
    (node as { nodeName?: unknown }).nodeName === 'CANVAS' &&
    typeof (node as { getContext?: unknown }).getContext === 'function'
  );
}

/** Decoded pictures kept for repaints and seeks back and forth, in pixels (about 4 bytes each). */
const DECODED_BUDGET_PX = 24_000_000;

export class CanvasPainter {
  /** Frames painted so far (for the player's status and for tests). */
  painted = 0;
  lastPainted: CanvasFrame | null = null;
  private generation = new WeakMap<object, number>();
  /** The chain each canvas shows now, and the size it had then (a resize clears a canvas). */
  private shown = new WeakMap<object, { chain: readonly CanvasFrame[]; width: number; height: number }>();
  private decoded = new Map<CanvasFrame, Promise<CanvasImageSource>>();
  private decodedPx = 0;

  constructor(
    private readonly decode: DecodeFrame = decodeDataUrl,
    private readonly onPaint?: (frame: CanvasFrame) => void,
  ) {}

  /** Keeps the decoded pictures of recent frames (a least-recently-used set within a pixel budget). */
  private image(frame: CanvasFrame): Promise<CanvasImageSource> {
    let pending = this.decoded.get(frame);
    if (pending) {
      this.decoded.delete(frame);
      this.decoded.set(frame, pending);
      return pending;
    }
    pending = this.decode(frame.dataUrl);
    this.decoded.set(frame, pending);
    this.decodedPx += pixelsOf(frame);
    for (const [old] of this.decoded) {
      if (this.decodedPx <= DECODED_BUDGET_PX || old === frame) break;
      this.decoded.delete(old);
      this.decodedPx -= pixelsOf(old);
    }
    return pending;
  }

  /** Paints one frame on its own (a key frame, or a delta over what is there). */
  paint(canvas: CanvasLike, frame: CanvasFrame): Promise<boolean> {
    return this.show(canvas, [frame], { fresh: true });
  }

  /**
   * Makes `canvas` show `chain` (a key frame and the deltas after it). What the canvas already shows is reused
   * when it is the start of `chain`, unless `fresh` (after a seek, the canvas may be a new or cleared node).
   * Resolves false if a newer paint overtook this one, or a frame could not be decoded.
   */
  async show(canvas: CanvasLike, chain: readonly CanvasFrame[], { fresh = false }: { fresh?: boolean } = {}): Promise<boolean> {
    if (!chain.length) return false;
    const gen = (this.generation.get(canvas) ?? 0) + 1;
    this.generation.set(canvas, gen);
    const before = this.shown.get(canvas);
    let from = 0;
    if (!fresh && before && before.width === canvas.width && before.height === canvas.height && isPrefix(before.chain, chain)) {
      from = before.chain.length;
    }
    const todo = chain.slice(from);
    if (!todo.length) return true;
    let images: CanvasImageSource[];
    try {
      images = await Promise.all(todo.map((f) => this.image(f)));
    } catch {
      return false;
    }
    if (this.generation.get(canvas) !== gen) return false;
    if (!canvas.width || !canvas.height) {
      canvas.width = chain[0]!.width;
      canvas.height = chain[0]!.height;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    // A chain that does not start with a key frame (deltas alone) is painted on a cleared canvas.
    if (from === 0) ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < todo.length; i++) drawFrame(ctx, todo[i]!, images[i]!, canvas.width, canvas.height);
    this.shown.set(canvas, { chain: [...chain], width: canvas.width, height: canvas.height });
    this.painted += todo.length;
    const last = chain[chain.length - 1]!;
    this.lastPainted = last;
    this.onPaint?.(last);
    return true;
  }

  /** Forgets pending paints of a canvas (its frame was replaced by a seek). */
  cancel(canvas: CanvasLike): void {
    this.generation.set(canvas, (this.generation.get(canvas) ?? 0) + 1);
  }
}

function pixelsOf(frame: CanvasFramePayload): number {
  return frame.patch ? frame.patch.width * frame.patch.height : frame.width * frame.height;
}

function isPrefix(head: readonly CanvasFrame[], chain: readonly CanvasFrame[]): boolean {
  if (head.length > chain.length) return false;
  for (let i = 0; i < head.length; i++) if (head[i] !== chain[i]) return false;
  return true;
}

/**
 * One key frame for a chain: the chain painted on a canvas of the recorded size, encoded again. What a clip
 * starts from, so that it carries the picture at its start and nothing drawn before it.
 */
export async function flattenChain(
  chain: readonly CanvasFramePayload[],
  decode: DecodeFrame = decodeDataUrl,
): Promise<CanvasFramePayload | null> {
  const last = chain[chain.length - 1];
  if (!last) return null;
  if (chain.length === 1 && !last.patch) return { target: last.target, width: last.width, height: last.height, dataUrl: last.dataUrl };
  const canvas = new OffscreenCanvas(last.width, last.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  for (const frame of chain) drawFrame(ctx, frame, await decode(frame.dataUrl), last.width, last.height);
  const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.9 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { target: last.target, width: last.width, height: last.height, dataUrl: `data:${blob.type};base64,${btoa(text)}` };
}

/** `flattenChain` for each canvas; a chain that cannot be flattened is left out (its canvas starts blank). */
export async function flattenChains(
  chains: ReadonlyMap<number, readonly CanvasFramePayload[]>,
  decode: DecodeFrame = decodeDataUrl,
): Promise<Map<number, CanvasFramePayload>> {
  const out = new Map<number, CanvasFramePayload>();
  for (const [target, chain] of chains) {
    try {
      const flat = await flattenChain(chain, decode);
      if (flat) out.set(target, flat);
    } catch {
      // An undecodable frame: the canvas shows its next frame inside the clip instead.
    }
  }
  return out;
}
