import { ProblemBanner } from '@/components/ProblemBanner';
import { TraceList } from '@/components/TraceList';

export function SidePanel() {
  return (
    <main style={{ padding: 12 }}>
      <h1>Traces</h1>
      <ProblemBanner />
      <TraceList />
    </main>
  );
}
