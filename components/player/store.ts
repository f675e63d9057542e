/** Ephemeral replay UI state of the side panel: which trace is open, where the playhead is, how fast it plays. */
import { create } from 'zustand';

export interface ReplayState {
  /** The trace whose replay is open, or null for the library. */
  openTraceId: string | null;
  /** rrweb timestamp (ms since the epoch) the replay shows. */
  playhead: number;
  playing: boolean;
  /** Kept across traces: a mentee who likes 2x keeps 2x. */
  speed: number;
  /** Pauses play at their real length instead of as a short "thinking" cue (kept across traces, like speed). */
  realTime: boolean;
  open: (traceId: string) => void;
  close: () => void;
  setPlayhead: (t: number) => void;
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: number) => void;
  setRealTime: (realTime: boolean) => void;
}

export const useReplayStore = create<ReplayState>()((set) => ({
  openTraceId: null,
  playhead: 0,
  playing: false,
  speed: 1,
  realTime: false,
  open: (traceId) => set({ openTraceId: traceId, playhead: 0, playing: false }),
  close: () => set({ openTraceId: null, playhead: 0, playing: false }),
  setPlayhead: (playhead) => set({ playhead }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed }),
  setRealTime: (realTime) => set({ realTime }),
}));
