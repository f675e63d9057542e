/**
 * The options page's "Share service" section (issue 5): the team's service URL, with host access asked for that
 * one origin (Chrome's prompt needs the click), then a quick health check so a typo shows at once.
 */
import { useEffect, useState } from 'react';
import { ShareClient } from '@/lib/share-client';
import { normalizeServiceUrl } from '@/lib/share-link';
import { originPatternOf, shareServiceUrl } from '@/lib/share-settings';
import { messageOf } from './messages';

export function ShareServiceSettings() {
  const [saved, setSaved] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    void shareServiceUrl.getValue().then((url) => {
      setSaved(url);
      setDraft(url ?? '');
    });
    return shareServiceUrl.watch((url) => setSaved(url));
  }, []);

  const save = async () => {
    setMessage(null);
    if (!draft.trim()) {
      await shareServiceUrl.setValue(null);
      return setMessage({ error: false, text: 'No share service: clips can still be saved as .shadowtrace files.' });
    }
    let service: string;
    try {
      service = normalizeServiceUrl(draft);
    } catch (err) {
      return setMessage({ error: true, text: messageOf(err) });
    }
    let granted: boolean;
    try {
      granted = await chrome.permissions.request({ origins: [originPatternOf(service)] });
    } catch (err) {
      return setMessage({ error: true, text: `Chrome refused access to ${new URL(service).origin}: ${String(err)}` });
    }
    if (!granted) {
      return setMessage({ error: true, text: `Shadowtrace needs access to ${new URL(service).origin} to publish there. Save again and choose Allow.` });
    }
    await shareServiceUrl.setValue(service);
    setDraft(service);
    try {
      const health = await new ShareClient({ service }).health();
      setMessage(
        health.ok
          ? { error: false, text: `Saved. The share service at ${service} answers.` }
          : { error: true, text: `Saved, but the share service at ${service} reports a problem with its store.` },
      );
    } catch (err) {
      setMessage({ error: true, text: `Saved, but: ${messageOf(err)}` });
    }
  };

  return (
    <section aria-labelledby="share-service-heading">
      <h2 id="share-service-heading">Share service</h2>
      <p className="muted">
        Published clips go to your team's share service, encrypted: the service never holds the key. Ask whoever runs it
        for its URL.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        style={{ display: 'flex', gap: 8 }}
      >
        <input
          type="text"
          aria-label="Share service URL"
          placeholder="https://share.example.com"
          value={draft}
          style={{ flex: 1 }}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" className="primary">
          Save share service
        </button>
      </form>
      {saved && <p className="muted">Current: {saved}</p>}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
