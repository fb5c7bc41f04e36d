// Fastify 5 scenario app, ESM.
import Fastify from 'fastify';
import routes from '../fastify4/routes.cjs';

routes.listen(routes.build(Fastify));
