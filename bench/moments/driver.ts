/** Drives an editor like a person, with jittered timing, and writes down what truly happened. */
import type { Page } from '@playwright/test';
import type { Truth } from './score';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export class Driver {
  readonly truth: Truth[] = [];
  constructor(
    readonly page: Page,
    private readonly random: () => number,
    /** The key that selects everything in this editor. */
    private readonly mod = 'Control',
  ) {}

  private between(min: number, max: number): number {
    return min + (max - min) * this.random();
  }

  /** Inter-key gaps log-normal around 150 ms, longer at word ends, as typists' are. */
  private keyGap(ch: string): number {
    const normal = Math.sqrt(-2 * Math.log(this.random() || 1e-9)) * Math.cos(2 * Math.PI * this.random());
    const gap = 150 * Math.exp(0.35 * normal) + (ch === ' ' ? this.between(0, 120) : 0);
    return Math.min(650, Math.max(45, gap));
  }

  async type(text: string): Promise<void> {
    for (const ch of text) {
      await this.page.keyboard.type(ch);
      await this.page.waitForTimeout(this.keyGap(ch));
    }
  }

  /** A pause: counted when clearly longer than a thinking pause, left open near the threshold. */
  async pause(ms: number): Promise<void> {
    const t = Date.now();
    if (ms >= 2600) this.truth.push({ kind: 'pause', t });
    else if (ms >= 1500) this.truth.push({ kind: 'pause', t, optional: true });
    await this.page.waitForTimeout(ms);
  }

  async hesitate(): Promise<void> {
    await this.pause(this.between(500, 1100));
  }

  async erase(chars: number): Promise<void> {
    this.truth.push({ kind: 'revision', t: Date.now() });
    for (let i = 0; i < chars; i++) {
      await this.page.keyboard.press('Backspace');
      await this.page.waitForTimeout(this.between(70, 160));
    }
  }

  async history(kind: 'undo' | 'redo', times: number, keys: string): Promise<void> {
    this.truth.push({ kind, t: Date.now(), count: times });
    for (let i = 0; i < times; i++) {
      await this.page.keyboard.press(keys);
      await this.page.waitForTimeout(this.between(180, 420));
    }
  }

  async click(name: string, kind: 'undo' | 'redo', times: number): Promise<void> {
    this.truth.push({ kind, t: Date.now(), count: times });
    for (let i = 0; i < times; i++) {
      await this.page.getByRole('button', { name }).click();
      await this.page.waitForTimeout(this.between(200, 450));
    }
  }

  /** Select everything and delete it: the draft is abandoned (and that removal is a revision). */
  async abandonAll(): Promise<void> {
    await this.page.keyboard.press(`${this.mod}+A`);
    await this.page.waitForTimeout(this.between(150, 300));
    const t = Date.now();
    this.truth.push({ kind: 'abandoned', t }, { kind: 'revision', t });
    await this.page.keyboard.press('Delete');
    await this.page.waitForTimeout(400);
  }

  async wait(ms: number): Promise<void> {
    await this.page.waitForTimeout(ms);
  }

  random01(): number {
    return this.random();
  }
}
