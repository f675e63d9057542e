import { defineConfig } from 'wxt';
import { assertBundlesAreUtf8 } from './scripts/assert-utf8';

// The test build differs from the product build only by granting the loopback origins, because Chrome's
// permission prompt cannot be answered in an automated browser (microsoft/playwright#32755).
const isTestBuild = process.env.SHADOWTRACE_TEST_BUILD === '1';
const LOOPBACK = ['http://127.0.0.1/*', 'https://127.0.0.1/*', 'http://localhost/*', 'https://localhost/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  outDir: isTestBuild ? '.output-test' : '.output',
  manifest: ({ browser }) => ({
    name: 'Shadowtrace',
    description: 'Record opt-in work-in-progress traces so that others can shadow how the work was done.',
    permissions: ['storage', 'scripting', 'activeTab', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Every site is opt-in: the senior grants one host at a time from the popup or the options page. Canvas
    // pixels are read inside the page itself, so no wider grant (`<all_urls>`, tab capture) is needed.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    host_permissions: isTestBuild ? LOOPBACK : [],
    action: { default_title: 'Shadowtrace' },
    // Replayed pages live inside extension pages: no script but our own, no plugins, and nothing loaded from
    // anywhere else (the side panel adds a stricter meta policy of its own).
    content_security_policy: {
      extension_pages:
        "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'self'; img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'",
    },
    commands: {
      'toggle-recording': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Pause or resume recording on this tab',
      },
      'drop-bookmark': {
        suggested_key: { default: 'Alt+Shift+B' },
        description: 'Mark this moment to remember',
      },
    },
    // Chrome JSON-serialises extension messages unless told otherwise: a recorded batch (one JSON string) then
    // costs a second escaping pass on the page's main thread. Structured clone copies the string as it is
    // (Chrome 148+; older versions ignore the key and keep JSON, which strings survive too). Firefox always
    // clones.
    ...(browser === 'firefox'
      ? {}
      : { message_serialization: 'structured_clone' }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'shadowtrace@shadowtrace.dev',
              strict_min_version: '128.0',
              // Traces stay on the senior's machine; publishing goes only to the team's own share service.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    build: {
      // Vite 8's minifier emits literal U+FFFE/U+FFFF (from rrweb and Dexie); Chromium then refuses the whole
      // extension as "not UTF-8". ASCII output avoids it; the hook below keeps it from coming back.
      rolldownOptions: { output: { charset: 'ascii' } },
    },
  }),
  hooks: {
    'build:done': async (wxt) => {
      await assertBundlesAreUtf8(wxt.config.outDir);
    },
  },
});
