// Reads at most `limit` bytes of an error answer's body, then cancels the rest: a dependency answering
// a huge page cannot make us buffer it. Never throws (a body that breaks mid-way is what arrived so far).
const decoder = new TextDecoder();

export async function readBoundedText(response: Response, limit: number): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The connection broke mid-body: classify what arrived.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
  }
  return decoder.decode(bytes);
}
