import { useState } from 'react';
import { useShadowableSites } from '@/components/useShadowableSites';
import { ShareServiceSettings } from '@/components/share/ShareServiceSettings';
import { makeShadowable, removeSite, setSitePaused } from '@/lib/site-optin';
import { parseSite } from '@/lib/sites';

export function Options() {
  const sites = useShadowableSites();
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const add = async () => {
    const parsed = parseSite(draft);
    if (!parsed.ok) return setMessage({ error: true, text: parsed.message });
    const result = await makeShadowable(parsed.host);
    if (!result.ok) return setMessage({ error: true, text: result.message });
    setDraft('');
    setMessage({ error: false, text: `${parsed.host} is shadowable. Reload its open tabs to start recording them.` });
  };

  return (
    <main style={{ padding: 24, maxWidth: 640 }}>
      <h1>Shadowable sites</h1>
      <p className="muted">
        Shadowtrace records only the sites listed here, and Chrome gives it access to nothing else. A site is one
        host: github.com covers its pages; gist.github.com is another site.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
        style={{ display: 'flex', gap: 8 }}
      >
        <input
          type="text"
          aria-label="Site to make shadowable"
          placeholder="github.com"
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" className="primary">
          Make shadowable
        </button>
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'}>
          {message.text}
        </p>
      )}
      <h2>Sites</h2>
      {sites.length === 0 ? (
        <p className="muted">No site is shadowable yet.</p>
      ) : (
        <ul className="plain" aria-label="Shadowable sites">
          {sites.map((site) => (
            <li key={site.host} style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '4px 0' }}>
              <span style={{ flex: 1 }}>
                {site.host} {site.paused && <span className="muted">(paused)</span>}
              </span>
              <button onClick={() => void setSitePaused(site.host, !site.paused)}>
                {site.paused ? `Resume ${site.host}` : `Pause ${site.host}`}
              </button>
              <button onClick={() => void removeSite(site.host)}>Remove {site.host}</button>
            </li>
          ))}
        </ul>
      )}
      <ShareServiceSettings />
    </main>
  );
}
