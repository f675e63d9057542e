import type { MomentRow } from '../db/schema';

/** A moment before it is stored: the store adds its id and trace. */
export type Moment = Omit<MomentRow, 'id' | 'traceId'>;

export interface DetectOptions {
  /** A fixed pause threshold in ms, instead of the one adapted to the author's rhythm. */
  pauseThresholdMs?: number;
}

/** Longest text kept in a moment's detail: moments are listed and stored, the draft view reads the full text. */
export const DETAIL_TEXT_MAX = 200;

export function clip(text: string): string {
  return text.length > DETAIL_TEXT_MAX ? `${text.slice(0, DETAIL_TEXT_MAX - 1)}\u2026` : text;
}
