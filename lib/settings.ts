import { storage } from 'wxt/utils/storage';
import type { SiteHost } from './sites';

export interface ShadowableSite {
  host: SiteHost;
  addedAt: number;
  /** Paused sites stay shadowable but record nothing until resumed. */
  paused: boolean;
}

/** Shadowable sites, the senior's opt-in. Host access is granted per site; this list says which ones to record. */
export const shadowableSites = storage.defineItem<ShadowableSite[]>('local:shadowableSites', { fallback: [] });

/** Tabs whose recording the senior paused with the keyboard shortcut (lost with the browser session, on purpose). */
export const pausedTabs = storage.defineItem<number[]>('session:pausedTabs', { fallback: [] });

export type RecordingProblemKind = 'quota' | 'recorder-crashed' | 'storage';

export interface RecordingProblem {
  tabId: number;
  site: SiteHost;
  kind: RecordingProblemKind;
  message: string;
  at: number;
}

/** Problems that stopped recording, shown in the popup and the side panel until the senior dismisses them. */
export const recordingProblems = storage.defineItem<RecordingProblem[]>('session:recordingProblems', { fallback: [] });
