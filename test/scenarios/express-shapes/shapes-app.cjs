// Express (the version pinned in the working directory's app) under the preload, asked whether two
// requests reach their handler with one hidden class. The first request of a pair is held until the
// second one arrives, so both are compared at the same point. Needs node --allow-natives-syntax.
const express = require(require.resolve('express', { paths: [process.cwd()] }));

// V8's %-intrinsics parse only in a function built at run time.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');

const app = express();
let held;
// No body parser here: a request that gets `req.body` from one gets its own hidden class from there on.
app.get('/pair/:id', (req, res) => {
  const facts = {
    id: req.params.id,
    route: req.route.path,
    locals: typeof res.locals,
    statusCode: res.statusCode,
    // Only the seeding creates req._body without a body parser (frameworks/express-shapes.ts).
    seeded: Object.hasOwn(req, '_body'),
  };
  if (held === undefined) {
    held = { req, res, facts };
    return;
  }
  const first = held;
  held = undefined;
  const shapes = { sameRequestShape: haveSameMap(req, first.req), sameResponseShape: haveSameMap(res, first.res) };
  first.res.json({ ...first.facts, ...shapes });
  res.json({ ...facts, ...shapes });
});
app.post('/echo', express.json(), (req, res) => res.json(req.body));
// As tRPC's Express adapter does: the stream is read here only when no body parser left `req.body`.
app.post('/raw', (req, res) => {
  if ('body' in req) return res.json({ bodyInRequest: true });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => res.json({ bodyInRequest: false, read: Buffer.concat(chunks).toString() }));
});
app.get('/fail', (_req, _res, next) => next(new Error('shapes fixture failure')));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
