import { ProblemBanner } from '@/components/ProblemBanner';
import { Library } from '@/components/library/Library';
import { ReplayView } from '@/components/player/ReplayView';
import { useReplayStore } from '@/components/player/store';

export function SidePanel() {
  const openTraceId = useReplayStore((s) => s.openTraceId);
  if (openTraceId) {
    return (
      <main style={{ padding: 12 }}>
        <ReplayView traceId={openTraceId} />
      </main>
    );
  }
  return (
    <main className="library-page" style={{ padding: 12 }}>
      <h1>Traces</h1>
      <ProblemBanner />
      <Library />
    </main>
  );
}
