// Logs scenario: a script that logs and ends on its own (the event loop drains, no signal, no crash).
const { createLogger } = require('@faultline/node');

createLogger().info({ marker: process.env.MARKER }, `normal exit ${process.env.MARKER}`);
