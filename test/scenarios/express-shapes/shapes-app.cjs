// Express (the version pinned in the working directory's app) under the preload, asked whether two
// requests reach their handler with one hidden class. The first request of a pair is held until the
// second one arrives, so both are compared at the same point. Needs node --allow-natives-syntax.
const express = require(require.resolve('express', { paths: [process.cwd()] }));

// V8's %-intrinsics parse only in a function built at run time.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');

const app = express();
app.use(express.json());
let held;
app.post('/pair/:id', (req, res) => {
  const facts = {
    id: req.params.id,
    route: req.route.path,
    body: req.body,
    locals: typeof res.locals,
    statusCode: res.statusCode,
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
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
