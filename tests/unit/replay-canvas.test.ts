import { describe, expect, it } from 'vitest';
import { CanvasPainter, type CanvasLike } from '@/components/player/canvas-painter';
import { CanvasFrameIndex, type CanvasFrame } from '@/lib/replay/canvas-frames';

function frame(t: number, target: number, page = 1, tag = `f${t}`): CanvasFrame {
  return { t, target, page, width: 40, height: 20, dataUrl: `data:image/png;base64,${tag}` };
}

describe('CanvasFrameIndex: after a seek, each canvas shows its latest frame at or before the time', () => {
  const index = new CanvasFrameIndex();
  for (const f of [frame(100, 7), frame(300, 7), frame(200, 9), frame(250, 7, 2), frame(150, 7)]) index.add(f);

  it.each([
    { t: 50, page: 1, want: [] },
    { t: 100, page: 1, want: ['7@100'] },
    { t: 160, page: 1, want: ['7@150'] },
    { t: 299, page: 1, want: ['7@150', '9@200'] },
    { t: 1000, page: 1, want: ['7@300', '9@200'] },
    { t: 1000, page: 2, want: ['7@250'], why: 'ids start over on a new page load' },
  ])('at $t on page $page: $want', ({ t, page, want }) => {
    const got = index.latestAt(t, page).map((f) => `${f.target}@${f.t}`);
    expect(got.sort()).toEqual(want);
  });
});

class FakeCanvas implements CanvasLike {
  nodeName = 'CANVAS';
  drawn: { image: unknown; w: number; h: number }[] = [];
  constructor(
    public width: number,
    public height: number,
  ) {}
  getContext() {
    return {
      clearRect: () => {},
      drawImage: (image: unknown, _x: number, _y: number, w: number, h: number) => this.drawn.push({ image, w, h }),
    };
  }
}

describe('CanvasPainter', () => {
  it('paints the decoded frame scaled to the canvas', async () => {
    const painter = new CanvasPainter(async (url) => ({ url }) as unknown as CanvasImageSource);
    const canvas = new FakeCanvas(80, 40);
    expect(await painter.paint(canvas, frame(1, 1))).toBe(true);
    expect(canvas.drawn).toEqual([{ image: { url: 'data:image/png;base64,f1' }, w: 80, h: 40 }]);
    expect(painter.painted).toBe(1);
  });

  it('sizes a canvas that has no size yet to the frame', async () => {
    const painter = new CanvasPainter(async () => ({}) as CanvasImageSource);
    const canvas = new FakeCanvas(0, 0);
    await painter.paint(canvas, frame(1, 1));
    expect([canvas.width, canvas.height]).toEqual([40, 20]);
  });

  it('drops an older paint that finishes after a newer one started (a seek overtook playback)', async () => {
    const resolvers: Record<string, (v: CanvasImageSource) => void> = {};
    const painter = new CanvasPainter((url) => new Promise((ok) => (resolvers[url] = ok)));
    const canvas = new FakeCanvas(10, 10);
    const old = painter.paint(canvas, frame(1, 1, 1, 'old'));
    const fresh = painter.paint(canvas, frame(2, 1, 1, 'new'));
    resolvers['data:image/png;base64,new']!('NEW' as unknown as CanvasImageSource);
    resolvers['data:image/png;base64,old']!('OLD' as unknown as CanvasImageSource);
    expect(await fresh).toBe(true);
    expect(await old).toBe(false);
    expect(canvas.drawn.map((d) => d.image)).toEqual(['NEW']);
  });

  it('does not decode the same frame twice', async () => {
    let decodes = 0;
    const painter = new CanvasPainter(async () => (decodes++, {}) as CanvasImageSource);
    const f = frame(1, 1);
    await painter.paint(new FakeCanvas(1, 1), f);
    await painter.paint(new FakeCanvas(1, 1), f);
    expect(decodes).toBe(1);
  });

  it('reports a frame that cannot be decoded as not painted', async () => {
    const painter = new CanvasPainter(async () => Promise.reject(new Error('bad image')));
    expect(await painter.paint(new FakeCanvas(1, 1), frame(1, 1))).toBe(false);
  });
});
