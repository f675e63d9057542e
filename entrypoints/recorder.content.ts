import { startContentBridge } from '@/lib/recorder/content-bridge';

// Registered at runtime for shadowable sites only (lib/recorder-registration.ts), never in the manifest.
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_start',
  main(ctx) {
    const abort = new AbortController();
    ctx.onInvalidated(() => abort.abort());
    startContentBridge(window, abort.signal);
  },
});
