// The load benchmarks' telemetry sink, in a process of its own like a real Collector (in the benchmark's
// process it would answer only as fast as the load generator beside it lets it). Accepts everything on
// 127.0.0.1: an empty protobuf answer for protobuf, `{}` for the rest. With SINK_PATTERN set (a regular
// expression whose first group names one failure, such as its order number), counts the distinct
// failures found in the (decompressed) bodies of requests whose path starts with SINK_PATH: what a
// variant delivered, whatever its wire format, and a batch an exporter retried counts once. Reports its
// port over IPC once listening, and answers a 'count' message with { count }.
const { createServer } = require('node:http');
const { gunzipSync, inflateSync } = require('node:zlib');

const pattern = process.env.SINK_PATTERN ? new RegExp(process.env.SINK_PATTERN, 'g') : undefined;
const prefix = process.env.SINK_PATH ?? '';
const seen = new Set();

function decoded(body, encoding) {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}


const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => { if (pattern) chunks.push(chunk); });
  req.on('end', () => {
    if (pattern && (req.url ?? '/').startsWith(prefix)) {
      try {
        for (const match of decoded(Buffer.concat(chunks), req.headers['content-encoding']).toString('latin1').matchAll(pattern)) seen.add(match[1]);
      } catch {
        // A body that cannot be decoded counts nothing.
      }
    }
    const protobuf = (req.headers['content-type'] ?? '').includes('protobuf');
    res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' }).end(protobuf ? undefined : '{}');
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'count') process.send({ count: seen.size });
});
process.on('disconnect', () => process.exit(0));
