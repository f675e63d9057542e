import { useEffect, useState } from 'react';
import { ProblemBanner } from '@/components/ProblemBanner';
import { ClipEditor } from '@/components/clip/ClipEditor';
import { Library } from '@/components/library/Library';
import { OpenSharedLink, SharedLinkView } from '@/components/mentee/SharedLinkView';
import { ReplayView } from '@/components/player/ReplayView';
import { useReplayStore } from '@/components/player/store';
import { PublishedList } from '@/components/share/PublishedList';
import { pendingSharedLink } from '@/lib/share-settings';

/** What the panel shows besides the library and a trace's replay (which the replay store decides). */
type Route = { kind: 'clip'; traceId: string } | { kind: 'shared'; link: string } | null;

export function SidePanel() {
  const openTraceId = useReplayStore((s) => s.openTraceId);
  const [route, setRoute] = useState<Route>(null);

  // "Watch in side panel" in the popup hands the link over through session storage.
  useEffect(() => {
    const take = async (pending: { link: string } | null) => {
      if (!pending) return;
      await pendingSharedLink.setValue(null);
      setRoute({ kind: 'shared', link: pending.link });
    };
    void pendingSharedLink.getValue().then(take);
    return pendingSharedLink.watch((value) => void take(value));
  }, []);

  if (route?.kind === 'shared') {
    return (
      <main style={{ padding: 12 }}>
        <SharedLinkView key={route.link} link={route.link} onClose={() => setRoute(null)} />
      </main>
    );
  }
  if (route?.kind === 'clip') {
    return (
      <main style={{ padding: 12 }}>
        <ClipEditor traceId={route.traceId} onClose={() => setRoute(null)} />
      </main>
    );
  }
  if (openTraceId) {
    return (
      <main style={{ padding: 12 }}>
        <ReplayView traceId={openTraceId} />
        <p style={{ marginTop: 8 }}>
          <button type="button" onClick={() => setRoute({ kind: 'clip', traceId: openTraceId })}>
            Clip…
          </button>
        </p>
      </main>
    );
  }
  return (
    <main className="library-page" style={{ padding: 12 }}>
      <h1>Traces</h1>
      <ProblemBanner />
      <OpenSharedLink onOpen={(link) => setRoute({ kind: 'shared', link })} />
      <Library />
      <PublishedList />
    </main>
  );
}
