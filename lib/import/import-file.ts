/**
 * Imports one chosen file as a trace: size check, read with progress, parse and check, chunk and compress, then
 * one transaction that adds the trace and all its chunks, or nothing at all.
 */
import { putAssets } from '../asset-store';
import { recomputeMoments } from '../moments-store';
import type { ShadowtraceDB, TraceRow } from '../db';
import { isQuotaError } from '../trace-store';
import { prepareImport, type ImportProgress } from './chunk';
import { checkFileSize, parseRecording, type ImportProblem } from './parse';

export type ImportResult = { ok: true; trace: TraceRow } | { ok: false; problem: ImportProblem };

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Reads a file as UTF-8 text, reporting bytes read so a large file shows progress. */
async function readText(file: Blob, onProgress?: (p: ImportProgress) => void): Promise<string> {
  const total = file.size;
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let done = 0;
  onProgress?.({ phase: 'reading', done, total });
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    done += next.value.byteLength;
    parts.push(decoder.decode(next.value, { stream: true }));
    onProgress?.({ phase: 'reading', done, total });
  }
  parts.push(decoder.decode());
  return parts.join('');
}

export async function importFile(
  database: ShadowtraceDB,
  file: Blob & { name: string },
  { onProgress, maxBytes, signal }: ImportOptions = {},
): Promise<ImportResult> {
  const tooBig = checkFileSize(file.size, maxBytes);
  if (tooBig) return { ok: false, problem: tooBig };
  let text: string;
  try {
    text = await readText(file, onProgress);
  } catch (e) {
    return { ok: false, problem: { kind: 'not-json', message: `This file could not be read: ${String(e)}` } };
  }
  onProgress?.({ phase: 'checking', done: 0, total: 1 });
  // Let the progress paint before the (synchronous) parse of a large file.
  await new Promise((ok) => setTimeout(ok, 0));
  const parsed = parseRecording(text);
  if (!parsed.ok) return parsed;
  const { trace, chunks, assets } = await prepareImport(parsed.events, { fileName: file.name, href: parsed.href }, { onProgress, signal });
  onProgress?.({ phase: 'saving', done: 0, total: 1 });
  try {
    await database.transaction('rw', database.traces, database.chunks, database.assets, async () => {
      const assetBytes = await putAssets(database, trace.id, assets);
      await database.traces.add({ ...trace, bytes: trace.bytes + assetBytes });
      await database.chunks.bulkAdd(chunks);
    });
  } catch (e) {
    const message = isQuotaError(e)
      ? 'There is not enough storage left for this recording. Delete old traces to free space, then import it again.'
      : `The recording could not be stored: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, problem: { kind: 'too-large', message } };
  }
  // An imported trace is shadowed like a recorded one: its process moments are found now. If that fails the
  // trace is still there, replayable, without a summary.
  try {
    await recomputeMoments(database, trace.id);
  } catch {
    // Moments are derived data; the library shows the trace without them.
  }
  onProgress?.({ phase: 'saving', done: 1, total: 1 });
  return { ok: true, trace: (await database.traces.get(trace.id)) ?? trace };
}
