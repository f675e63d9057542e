import { useEffect, useState } from 'react';
import { recordingProblems, type RecordingProblem } from '@/lib/settings';

/** Shows what stopped recording (storage full, a page that broke the recorder) until it is dismissed. */
export function ProblemBanner({ tabId }: { tabId?: number }) {
  const [problems, setProblems] = useState<RecordingProblem[]>([]);
  useEffect(() => {
    void recordingProblems.getValue().then(setProblems);
    return recordingProblems.watch((next) => setProblems(next ?? []));
  }, []);
  const shown = tabId === undefined ? problems : problems.filter((p) => p.tabId === tabId);
  if (shown.length === 0) return null;
  return (
    <div role="alert">
      {shown.map((p) => (
        <div className="problem" key={`${p.tabId}-${p.at}`}>
          {p.message}{' '}
          <button
            aria-label={`Dismiss: ${p.message}`}
            onClick={() => void recordingProblems.setValue(problems.filter((q) => q !== p))}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
