// Routes for the do-no-harm scenarios, shared by the Express 4 and 5 apps (each passes its own express):
// behaviours an app relies on that the preload must leave as Express gives them.
function defineNoHarmRoutes(express, app) {
  // The most common Express idiom: a status on the error, then next(err).
  app.get('/status/:code', (req, _res, next) => {
    const error = new Error(`status ${req.params.code}`);
    error.status = Number(req.params.code);
    next(error);
  });
  app.get('/status-code-field', (_req, _res, next) => next(Object.assign(new Error('gone'), { statusCode: 410 })));
  // An HTTP client's error carrying the downstream answer: the 404 was the dependency's, not ours.
  app.get('/downstream-404', (_req, _res, next) => {
    next(Object.assign(new Error('Request failed with status code 404'), { status: 404, response: { status: 404 } }));
  });
  // Headers that belong to the error's meaning survive the problem that replaces the body.
  app.get('/range-not-satisfiable', (_req, res, next) => {
    res.set('Content-Range', 'bytes */10');
    next(Object.assign(new Error('range'), { status: 416 }));
  });
  app.get('/method-not-allowed', (_req, _res, next) => {
    next(Object.assign(new Error('no'), { status: 405, expose: true, headers: { Allow: 'GET, HEAD' } }));
  });
  // The app answers the failure itself with a 403: that is what the client got.
  app.get('/app-answers-403', (_req, _res, next) => next(new Error('not allowed here')));
  app.use((error, req, res, next) => {
    if (req.path !== '/app-answers-403') return next(error);
    res.status(403).json({ handledBy: 'app' });
  });
  // Express's router driven with objects that are not node:http's (router tests, adapters).
  app.get('/plain-objects', (_req, res) => {
    const router = express.Router();
    router.get('/inner', (_innerReq, innerRes) => innerRes.end('inner done'));
    const calls = [];
    const fakeRes = { end: (body) => calls.push(body) };
    try {
      router.handle({ url: '/inner', method: 'GET' }, fakeRes, (error) => calls.push(`done ${error && error.message}`));
      res.json({ calls });
    } catch (error) {
      res.status(299).json({ threw: error.message });
    }
  });
}

module.exports = { defineNoHarmRoutes };
