import { describe, expect, it } from 'vitest';
import { CanvasPainter, drawFrame, type CanvasLike } from '@/components/player/canvas-painter';
import { CanvasFrameIndex, chainInList, type CanvasFrame } from '@/lib/replay/canvas-frames';
import type { CanvasPatch } from '@/lib/trace-events';

function frame(t: number, target: number, page = 1, tag = `f${t}`): CanvasFrame {
  return { t, target, page, width: 40, height: 20, dataUrl: `data:image/png;base64,${tag}` };
}
function delta(t: number, target: number, patch: CanvasPatch = { x: 8, y: 4, width: 16, height: 8 }, page = 1): CanvasFrame {
  return { ...frame(t, target, page), patch };
}

describe('CanvasFrameIndex: after a seek, each canvas shows its key frame and the deltas after it', () => {
  const index = new CanvasFrameIndex();
  for (const f of [frame(100, 7), frame(300, 7), frame(200, 9), frame(250, 7, 2), frame(150, 7), delta(160, 7), delta(170, 7), delta(310, 7), delta(210, 9)]) {
    index.add(f);
  }

  it.each([
    { t: 50, page: 1, want: [] },
    { t: 100, page: 1, want: ['7@100'] },
    { t: 160, page: 1, want: ['7@150+160'] },
    { t: 299, page: 1, want: ['7@150+160+170', '9@200+210'] },
    { t: 300, page: 1, want: ['7@300', '9@200+210'], why: 'a key frame starts a new chain' },
    { t: 1000, page: 1, want: ['7@300+310', '9@200+210'] },
    { t: 1000, page: 2, want: ['7@250'], why: 'ids start over on a new page load' },
  ])('at $t on page $page: $want', ({ t, page, want }) => {
    const got = index.chainsAt(t, page).map((c) => `${c[0]!.target}@${c.map((f) => f.t).join('+')}`);
    expect(got.sort()).toEqual(want);
  });

  it('gives one canvas its chain', () => {
    expect(index.chainAt(175, 1, 7).map((f) => f.t)).toEqual([150, 160, 170]);
    expect(index.chainAt(175, 1, 8)).toEqual([]);
  });
});

describe('chainInList', () => {
  it.each([
    { list: [], t: 5, want: [] },
    { list: [delta(1, 1), delta(2, 1)], t: 5, want: [1, 2], why: 'deltas without a key frame (a trace cut at its start)' },
    { list: [delta(1, 1), frame(2, 1), delta(3, 1)], t: 2, want: [2] },
    { list: [frame(1, 1), delta(2, 1), delta(2, 1), delta(4, 1)], t: 3, want: [1, 2, 2], why: 'patches kept together' },
  ])('$want at $t', ({ list, t, want }) => {
    expect(chainInList(list, t).map((f) => f.t)).toEqual(want);
  });
});

describe('drawFrame', () => {
  const calls = (f: CanvasFrame, width: number, height: number) => {
    const log: string[] = [];
    drawFrame(
      { clearRect: (...a) => log.push(`clear ${a.join(',')}`), drawImage: (_i, ...a) => log.push(`draw ${a.join(',')}`) },
      f,
      {} as CanvasImageSource,
      width,
      height,
    );
    return log;
  };
  it.each([
    { name: 'a key frame fills the canvas', f: frame(1, 1), size: [40, 20], want: ['clear 0,0,40,20', 'draw 0,0,40,20'] },
    { name: 'a key frame scales to the canvas', f: frame(1, 1), size: [80, 40], want: ['clear 0,0,80,40', 'draw 0,0,80,40'] },
    { name: 'a delta replaces its rectangle only', f: delta(1, 1), size: [40, 20], want: ['clear 8,4,16,8', 'draw 8,4,16,8'] },
    { name: 'a delta scales with the canvas', f: delta(1, 1), size: [80, 40], want: ['clear 16,8,32,16', 'draw 16,8,32,16'] },
  ])('$name', ({ f, size, want }) => {
    expect(calls(f, size[0]!, size[1]!)).toEqual(want);
  });
});

class FakeCanvas implements CanvasLike {
  nodeName = 'CANVAS';
  drawn: { image: unknown; w: number; h: number }[] = [];
  cleared = 0;
  constructor(
    public width: number,
    public height: number,
  ) {}
  getContext() {
    return {
      clearRect: () => void this.cleared++,
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

  it('while playing, paints only the deltas after what the canvas shows', async () => {
    const painter = new CanvasPainter(async (url) => url as unknown as CanvasImageSource);
    const canvas = new FakeCanvas(40, 20);
    const chain = [frame(1, 1), delta(2, 1), delta(3, 1)];
    await painter.show(canvas, chain.slice(0, 2));
    await painter.show(canvas, chain);
    expect(canvas.drawn.map((d) => d.image)).toEqual(['data:image/png;base64,f1', 'data:image/png;base64,f2', 'data:image/png;base64,f3']);
    expect(painter.painted).toBe(3);
  });

  it('after a seek (fresh), or when the chain is another one, paints the whole chain again', async () => {
    const painter = new CanvasPainter(async (url) => url as unknown as CanvasImageSource);
    const canvas = new FakeCanvas(40, 20);
    const chain = [frame(1, 1), delta(2, 1)];
    await painter.show(canvas, chain);
    await painter.show(canvas, chain, { fresh: true });
    await painter.show(canvas, [frame(5, 1), delta(6, 1)]);
    expect(canvas.drawn.map((d) => String(d.image).slice(-2))).toEqual(['f1', 'f2', 'f1', 'f2', 'f5', 'f6']);
  });

  it('paints a chain again when the canvas was resized (which clears it)', async () => {
    const painter = new CanvasPainter(async (url) => url as unknown as CanvasImageSource);
    const canvas = new FakeCanvas(40, 20);
    await painter.show(canvas, [frame(1, 1)]);
    canvas.width = 80;
    canvas.height = 40;
    await painter.show(canvas, [frame(1, 1), delta(2, 1)]);
    expect(canvas.drawn.map((d) => [d.w, d.h])).toEqual([
      [40, 20],
      [80, 40],
      [32, 16],
    ]);
  });

  it('reports a frame that cannot be decoded as not painted', async () => {
    const painter = new CanvasPainter(async () => Promise.reject(new Error('bad image')));
    expect(await painter.paint(new FakeCanvas(1, 1), frame(1, 1))).toBe(false);
  });
});
