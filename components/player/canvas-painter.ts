/**
 * Paints recorded canvas frames onto the replayed canvases from the player's own code, so the replay frame never
 * needs scripts (rrweb's UNSAFE_replayCanvas). Frames are `data:image/...` URLs, decoded here without any
 * request; a paint that finishes after a newer one started for the same canvas is thrown away.
 */
import type { CanvasFrame } from '@/lib/replay/canvas-frames';

export interface Context2DLike {
  clearRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasImageSource, x: number, y: number, w: number, h: number): void;
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

export class CanvasPainter {
  /** Frames painted so far (for the player's status and for tests). */
  painted = 0;
  lastPainted: CanvasFrame | null = null;
  private generation = new WeakMap<object, number>();
  private decoded = new WeakMap<CanvasFrame, Promise<CanvasImageSource>>();
  private recent: CanvasFrame[] = [];

  constructor(
    private readonly decode: DecodeFrame = decodeDataUrl,
    private readonly onPaint?: (frame: CanvasFrame) => void,
  ) {}

  /** Keeps the decoded pictures of the last few frames, so a seek back and forth does not decode them again. */
  private image(frame: CanvasFrame): Promise<CanvasImageSource> {
    let pending = this.decoded.get(frame);
    if (!pending) {
      pending = this.decode(frame.dataUrl);
      this.decoded.set(frame, pending);
      this.recent.push(frame);
      if (this.recent.length > 8) this.decoded.delete(this.recent.shift()!);
    }
    return pending;
  }

  /** Paints `frame` onto `canvas`, scaled to the canvas's size. Resolves false if a newer paint overtook it. */
  async paint(canvas: CanvasLike, frame: CanvasFrame): Promise<boolean> {
    const gen = (this.generation.get(canvas) ?? 0) + 1;
    this.generation.set(canvas, gen);
    let image: CanvasImageSource;
    try {
      image = await this.image(frame);
    } catch {
      return false;
    }
    if (this.generation.get(canvas) !== gen) return false;
    if (!canvas.width || !canvas.height) {
      canvas.width = frame.width;
      canvas.height = frame.height;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    this.painted++;
    this.lastPainted = frame;
    this.onPaint?.(frame);
    return true;
  }

  /** Forgets pending paints of a canvas (its frame was replaced by a seek). */
  cancel(canvas: CanvasLike): void {
    this.generation.set(canvas, (this.generation.get(canvas) ?? 0) + 1);
  }
}
