// Fastify 4 scenario app, CommonJS.
const Fastify = require('fastify');
const { build, listen } = require('./routes.cjs');

listen(build(Fastify));
