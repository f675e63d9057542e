/** Asks the background for what a clip refers to, so that publishing can carry it (lib/clip/carry.ts). */
import type { Fetcher } from '@/lib/clip/carry';
import { sendToBackground } from '@/lib/protocol';

export const fetchThroughBackground: Fetcher = async (url) => {
  try {
    const reply = await sendToBackground({ type: 'resource/fetch', url });
    return reply.ok ? { kind: reply.kind, body: reply.body } : { error: reply.error };
  } catch {
    return { error: 'the extension could not fetch it' };
  }
};
