// Reference, not instrumentation: the uninstrumented app with only Faultline's Express shape seeding
// (frameworks/express-shapes.ts, run before Express sees each request), to show how much of Faultline's
// ratio comes from Express's own work getting cheaper.
const http = require('node:http');
const path = require('node:path');
const { seedExpressShapes } = require(path.join(__dirname, '..', '..', '..', 'packages', 'node', 'dist', 'frameworks', 'express-shapes.js'));

const emit = http.Server.prototype.emit;
const appOf = new WeakMap();
http.Server.prototype.emit = function emitWithStableShapes(event, req, res) {
  if (event === 'request') {
    // The Express app is the server's request listener (it carries app.request and app.response).
    if (!appOf.has(this)) appOf.set(this, this.listeners('request')[0]);
    seedExpressShapes(appOf.get(this), req, res);
  }
  return emit.apply(this, arguments);
};
