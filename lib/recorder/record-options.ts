/**
 * The rrweb options of every Shadowtrace recording, in one place: the extension's recorder and the harness that
 * records the moment detectors' fixture traces must record the same way.
 */
import type { eventWithTime, recordOptions } from 'rrweb';
import { MASK_EVERY_INPUT, PRIVATE_SELECTOR_BESIDES_BLOCK_CLASS, RRWEB_BLOCK_CLASS, maskInput } from './privacy';

// No `checkoutEveryNms`: the recorder takes its checkouts when the senior pauses (./checkouts.ts).
export const RECORD_OPTIONS = {
  // Private elements are blocked whole (an empty box of their size), so their text never reaches rrweb's text
  // masking: a second selector check on every ancestor of every node would only cost time. The class and the
  // selector together name every marker of PRIVATE_SELECTOR (tests/unit/privacy.test.ts holds them to it).
  blockClass: RRWEB_BLOCK_CLASS,
  blockSelector: PRIVATE_SELECTOR_BESIDES_BLOCK_CLASS,
  maskInputOptions: MASK_EVERY_INPUT,
  maskInputFn: maskInput,
  // Every keystroke is kept: revisions are the point, so input is never sampled.
  sampling: { input: 'all', mousemove: 50, scroll: 150 },
  slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaSocial: true, headMetaRobots: true, headMetaVerification: true },
  inlineStylesheet: true,
  recordCrossOriginIframes: false,
} satisfies recordOptions<eventWithTime>;
