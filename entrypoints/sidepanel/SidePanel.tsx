import { ProblemBanner } from '@/components/ProblemBanner';
import { TraceList } from '@/components/TraceList';
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
    <main style={{ padding: 12 }}>
      <h1>Traces</h1>
      <ProblemBanner />
      <TraceList />
    </main>
  );
}
