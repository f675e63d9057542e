/**
 * The library's page state: the search, an import in progress, and traces deleted in the last seconds. Deleted
 * rows live here, in the side panel's memory, only for the undo window; the background never holds them.
 */
import { create } from 'zustand';
import { db } from '@/lib/db';
import type { ImportProgress } from '@/lib/import/chunk';
import { importFile } from '@/lib/import/import-file';
import { deleteTrace, restoreTrace, type DeletedTrace } from './deletion';

export const UNDO_MS = 10_000;

export interface PendingDelete {
  key: string;
  deleted: DeletedTrace;
  expiresAt: number;
}

export type ImportState =
  | { kind: 'idle' }
  | { kind: 'working'; fileName: string; size: number; progress: ImportProgress | null }
  | { kind: 'done'; title: string; traceId: string; events: number }
  | { kind: 'failed'; fileName: string; message: string };

export interface LibraryState {
  query: string;
  pending: PendingDelete[];
  importState: ImportState;
  /** A delete or undo that failed, in words. */
  error: string | null;
  setQuery: (query: string) => void;
  remove: (traceId: string) => Promise<void>;
  undo: (key: string) => Promise<void>;
  importFile: (file: File) => Promise<void>;
  dismissImport: () => void;
  dismissError: () => void;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useLibraryStore = create<LibraryState>()((set, get) => ({
  query: '',
  pending: [],
  importState: { kind: 'idle' },
  error: null,
  setQuery: (query) => set({ query }),

  remove: async (traceId) => {
    set({ error: null });
    let deleted: DeletedTrace | null;
    try {
      deleted = await deleteTrace(db(), traceId);
    } catch (e) {
      set({ error: `The trace could not be deleted: ${message(e)}` });
      return;
    }
    if (!deleted) return;
    const key = `${traceId}-${Date.now()}`;
    set({ pending: [...get().pending, { key, deleted, expiresAt: Date.now() + UNDO_MS }] });
    // After the window the rows are let go: the delete is then final.
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        set({ pending: get().pending.filter((p) => p.key !== key) });
      }, UNDO_MS),
    );
  },

  undo: async (key) => {
    const entry = get().pending.find((p) => p.key === key);
    if (!entry) return;
    clearTimeout(timers.get(key));
    timers.delete(key);
    set({ pending: get().pending.filter((p) => p.key !== key), error: null });
    try {
      await restoreTrace(db(), entry.deleted);
    } catch (e) {
      set({ error: `“${entry.deleted.trace.title}” could not be restored: ${message(e)}` });
    }
  },

  importFile: async (file) => {
    if (get().importState.kind === 'working') return;
    set({ importState: { kind: 'working', fileName: file.name, size: file.size, progress: null } });
    try {
      const result = await importFile(db(), file, {
        onProgress: (progress) => {
          const now = get().importState;
          if (now.kind === 'working') set({ importState: { ...now, progress } });
        },
      });
      set({
        importState: result.ok
          ? { kind: 'done', title: result.trace.title, traceId: result.trace.id, events: result.trace.eventCount }
          : { kind: 'failed', fileName: file.name, message: result.problem.message },
      });
    } catch (e) {
      set({ importState: { kind: 'failed', fileName: file.name, message: `Import failed: ${message(e)}` } });
    }
  },

  dismissImport: () => set({ importState: { kind: 'idle' } }),
  dismissError: () => set({ error: null }),
}));
