import { db } from '@/lib/db';
import { LOST_PIECES, PiecesAhead } from '@/lib/pieces-ahead';
import { BATCH_PORT, PortBatch, PortPiece, ToBackground } from '@/lib/protocol';
import { syncRecorderRegistration } from '@/lib/recorder-registration';
import { shadowableSites } from '@/lib/settings';
import { siteOfUrl } from '@/lib/sites';
import { endOrphanedTraces, endTracesOfTab } from '@/lib/trace-store';
import { handleCommand } from './controls';
import { refreshMoments } from './moments';
import { registerQuestions } from './questions';
import { handleMessage } from './recording';

/** The reply to a message, whichever way it came: a handler that throws answers with the error. */
const answer = (message: ToBackground, sender: chrome.runtime.MessageSender): Promise<unknown> =>
  handleMessage(message, sender).catch((error: unknown) => ({ ok: false, kind: 'error', message: String(error) }));

// The service worker is stopped whenever Chrome likes: every listener is registered synchronously at the top,
// and every handler reads what it needs from storage.
export default defineBackground(() => {
  registerQuestions();
  const sync = async () => syncRecorderRegistration(await shadowableSites.getValue());

  chrome.runtime.onMessage.addListener((raw: unknown, sender, reply) => {
    const parsed = ToBackground.safeParse(raw);
    if (!parsed.success) return false;
    void answer(parsed.data, sender).then(reply);
    return true;
  });

  // Recorded batches arrive on a port of their own (lib/recorder/batch-port.ts); each reply names its batch.
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== BATCH_PORT || !port.sender) return;
    const sender = port.sender;
    const ahead = new PiecesAhead();
    port.onMessage.addListener((raw: unknown) => {
      const piece = PortPiece.safeParse(raw);
      if (piece.success) return ahead.add(piece.data);
      const parsed = PortBatch.safeParse(raw);
      if (!parsed.success) return;
      const { id } = parsed.data;
      const batch = ahead.take(parsed.data);
      const reply = batch ? answer(batch, sender) : Promise.resolve(LOST_PIECES);
      void reply.then((reply) => {
        try {
          port.postMessage({ id, reply });
        } catch {
          // The page is gone; what it sent is stored all the same.
        }
      });
    });
  });

  chrome.runtime.onInstalled.addListener(() => void sync());
  chrome.runtime.onStartup.addListener(async () => {
    await sync();
    const tabs = await chrome.tabs.query({});
    await endOrphanedTraces(db(), new Set(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))));
  });
  // Pages that change the sites re-register themselves (lib/site-optin.ts); access revoked in Chrome's own
  // settings reaches only us.
  chrome.permissions.onRemoved.addListener(() => void sync());

  chrome.tabs.onRemoved.addListener(async (tabId) => refreshMoments(await endTracesOfTab(db(), tabId)));
  // Leaving the site ends the trace. Without host access to the new page Chrome hides its URL from us, so an
  // unreadable URL means the tab left every shadowable site.
  chrome.tabs.onUpdated.addListener(async (tabId, change, tab) => {
    if (change.status !== 'loading') return;
    const open = await db().traces.where('tabId').equals(tabId).first();
    if (open && siteOfUrl(tab.url) !== open.site) refreshMoments(await endTracesOfTab(db(), tabId));
  });

  chrome.commands.onCommand.addListener((command, tab) => void handleCommand(command, tab));
});
