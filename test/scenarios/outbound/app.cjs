// Outbound scenario app, CommonJS (run with --require @faultline/node/instrument).
const { remoteService } = require('@faultline/node');
require('./routes.cjs').listen(remoteService);
