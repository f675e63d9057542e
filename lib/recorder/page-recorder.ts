/**
 * The recorder in the page's main world, started at document_start on shadowable sites only. It runs rrweb,
 * batches and serialises events, and hands them to the content script as strings. If rrweb throws, it stops
 * itself and says so rather than break the page.
 */
import { record, type eventWithTime } from 'rrweb';
import { Batcher } from './batcher';
import { patchCanvasContexts, watchCanvasFrames, type FrameWatch } from './canvas-frames';
import { watchCheckouts, type CheckoutWatch } from './checkouts';
import { watchEditorText } from './editor-text';
import { watchLiveSignals } from './live-signals';
import { PIPE_EVENTS, decodeControl, type PageControl } from './page-pipe';
import { RECORD_OPTIONS } from './record-options';
import { CUSTOM, EventType } from '../trace-events';
import { encodeTextDeltas, warmUpTextDeltas } from '../text-deltas';
import { nextTask } from './next-task';
import { whenIdle } from './when-idle';

const BATCH_DELAY_MS = 2000;
const BATCH_MAX_EVENTS = 500;

export function startPageRecorder(win: Window & typeof globalThis): void {
  const doc = win.document;
  let connected = false;
  const outbox: [string, string][] = [];
  const hand = (type: string, detail: string) => {
    if (connected) doc.dispatchEvent(new CustomEvent(type, { detail }));
    else outbox.push([type, detail]);
  };
  const batcher = new Batcher<eventWithTime>({
    maxDelayMs: BATCH_DELAY_MS,
    maxEvents: BATCH_MAX_EVENTS,
    send: (wire) => hand(PIPE_EVENTS.batch, wire),
    sendPiece: (glue, run) => {
      hand(PIPE_EVENTS.glue, glue);
      hand(PIPE_EVENTS.piece, run);
    },
    encode: encodeTextDeltas,
    later: nextTask(win),
    whenIdle: (fn) => whenIdle(win, fn, BATCH_DELAY_MS),
  });

  let stopRecording: (() => void) | null = null;
  // rrweb takes its first snapshot only at DOMContentLoaded and refuses custom events before it.
  let snapshotTaken = false;
  const earlyCustom: [string, unknown][] = [];
  const addCustom = (tag: string, payload: unknown) => {
    if (snapshotTaken) record.addCustomEvent(tag, payload);
    else earlyCustom.push([tag, payload]);
  };
  let stopSignals: (() => void) | null = null;
  let frames: FrameWatch | null = null;
  let stopEditors: (() => void) | null = null;
  let checkouts: CheckoutWatch | null = null;
  patchCanvasContexts(win);
  let failed = false;

  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    stop();
    const message = error instanceof Error ? error.message : String(error);
    doc.dispatchEvent(new CustomEvent(PIPE_EVENTS.failed, { detail: message.slice(0, 500) }));
  };

  // rrweb would defer its own set-up to DOMContentLoaded, outside any try we could put around it; waiting
  // here instead means a page that breaks rrweb's set-up is caught and reported, and the page keeps working.
  let wanted = false;
  const start = () => {
    wanted = true;
    if (doc.readyState === 'loading') {
      doc.addEventListener('DOMContentLoaded', () => wanted && startNow(), { once: true });
    } else startNow();
  };

  let snapshotEmitted = false;
  let warmedUp = false;
  // When rrweb began the snapshot it is about to emit: how long a snapshot takes here decides when the next is taken.
  let snapshotStartedAt: number | null = null;
  const startNow = () => {
    if (stopRecording || failed) return;
    snapshotEmitted = false;
    try {
      checkouts = watchCheckouts(win, () => {
        try {
          snapshotStartedAt = win.performance.now();
          record.takeFullSnapshot(true);
        } catch (error) {
          fail(error);
        }
      });
      snapshotStartedAt = win.performance.now();
      stopRecording =
        record<eventWithTime>({
          emit: (event) => {
            if (event.type !== EventType.FullSnapshot) checkouts?.recorded();
            else {
              snapshotEmitted = true;
              const costMs = snapshotStartedAt === null ? undefined : win.performance.now() - snapshotStartedAt;
              snapshotStartedAt = null;
              checkouts?.snapshotTaken(costMs);
              // Each canvas's next frame is a whole picture, so a replay or clip from this snapshot needs no
              // frame from before it.
              frames?.keyFramesNext();
            }
            batcher.push(event);
            if (event.type === EventType.FullSnapshot && !snapshotTaken) {
              // Not from inside emit: rrweb is still setting up its observers and would throw.
              queueMicrotask(() => {
                snapshotTaken = true;
                try {
                  for (const [tag, payload] of earlyCustom.splice(0)) record.addCustomEvent(tag, payload);
                } catch (error) {
                  fail(error);
                }
              });
            }
          },
          ...RECORD_OPTIONS,
          errorHandler: (error) => {
            fail(error);
            return true;
          },
        }) ?? null;
      stopSignals = watchLiveSignals(
        win,
        addCustom,
        (node) => (node ? record.mirror.getId(node) : -1),
      );
      // rrweb catches a failed snapshot itself (it only logs it) and then records nothing: that is a failure.
      if (!snapshotEmitted) throw new Error('rrweb could not take a snapshot of this page');
      frames = watchCanvasFrames(win, { add: addCustom, idOf: (node) => record.mirror.getId(node) });
      stopEditors = watchEditorText(win, addCustom, (node) => record.mirror.getId(node));
      if (!warmedUp) {
        warmedUp = true;
        whenIdle(
          win,
          () => {
            try {
              warmUpTextDeltas();
            } catch {
              // Only a warm-up: the recorder works the same without it.
            }
          },
          5000,
        );
      }
    } catch (error) {
      fail(error);
    }
  };

  function stop() {
    wanted = false;
    checkouts?.stop();
    checkouts = null;
    frames?.stop();
    frames = null;
    stopEditors?.();
    stopEditors = null;
    stopSignals?.();
    stopSignals = null;
    try {
      stopRecording?.();
    } catch {
      // rrweb failed to tear down: nothing more we can do without risking the page.
    }
    stopRecording = null;
    snapshotTaken = false;
    earlyCustom.length = 0;
  }

  const control = (command: PageControl) => {
    switch (command.type) {
      case 'pause':
        batcher.flush();
        stop();
        return;
      case 'resume':
        start();
        return;
      case 'bookmark':
        if (stopRecording) addCustom(CUSTOM.bookmark, { word: command.word ?? '' });
        return;
      case 'flush':
        batcher.close();
        return;
    }
  };

  doc.addEventListener(PIPE_EVENTS.hello, () => {
    connected = true;
    for (const [type, detail] of outbox.splice(0)) hand(type, detail);
  });
  doc.addEventListener(PIPE_EVENTS.control, (e) => {
    const command = decodeControl((e as CustomEvent<unknown>).detail);
    if (command) control(command);
  });
  // beforeunload runs before a navigation starts, while the content script can still message the background
  // (a page entering the back/forward cache loses its message channels by pagehide); pagehide is the last
  // moment that always runs on close. The handover is synchronous in both.
  win.addEventListener('beforeunload', () => batcher.flush(), { capture: true });
  win.addEventListener('pagehide', () => batcher.flush(), { capture: true });
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') batcher.flush();
  });

  start();
  doc.dispatchEvent(new CustomEvent(PIPE_EVENTS.ready));
}
