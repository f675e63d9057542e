import { startPageRecorder } from '@/lib/recorder/page-recorder';

// Registered at runtime for shadowable sites only (lib/recorder-registration.ts), never in the manifest.
export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    startPageRecorder(window);
  },
});
