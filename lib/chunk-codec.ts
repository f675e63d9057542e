/**
 * A chunk is many events compressed as a whole: about 10x smaller than compressing each event alone.
 * gzip (not raw deflate) so that a damaged chunk fails its checksum instead of decoding to garbage.
 */

async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function compressText(text: string): Promise<Uint8Array> {
  return pipeThrough(new TextEncoder().encode(text), new CompressionStream('gzip'));
}

export async function decompressText(bytes: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await pipeThrough(bytes, new DecompressionStream('gzip')));
}

/** Decodes one stored chunk back to its events; a damaged chunk throws a message naming what broke. */
export async function decodeChunkEvents(bytes: Uint8Array): Promise<unknown[]> {
  let text: string;
  try {
    text = await decompressText(bytes);
  } catch {
    throw new Error('A stored chunk is damaged and cannot be decompressed.');
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('A stored chunk does not hold a list of events.');
  return parsed;
}
