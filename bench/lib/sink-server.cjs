// The load benchmarks' telemetry sink, in a process of its own like a real Collector (in the benchmark's
// process it would answer only as fast as the load generator beside it lets it). Accepts everything on
// 127.0.0.1: an empty protobuf answer for protobuf, `{}` for the rest. With SINK_MARKER set, counts the
// occurrences of that text in the (decompressed) bodies of requests whose path starts with SINK_PATH:
// the failures a variant delivered, in its own wire format. Reports its port over IPC once listening,
// and answers a 'count' message with { count }.
const { createServer } = require('node:http');
const { gunzipSync, inflateSync } = require('node:zlib');

const marker = process.env.SINK_MARKER;
const prefix = process.env.SINK_PATH ?? '';
let count = 0;

function decoded(body, encoding) {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

function occurrences(body, needle) {
  let found = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + needle.length)) found += 1;
  return found;
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => { if (marker) chunks.push(chunk); });
  req.on('end', () => {
    if (marker && (req.url ?? '/').startsWith(prefix)) {
      try {
        count += occurrences(decoded(Buffer.concat(chunks), req.headers['content-encoding']), marker);
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
  if (message === 'count') process.send({ count });
});
process.on('disconnect', () => process.exit(0));
