// GraphQL scenario app (CommonJS): the schema served by graphql-yoga (SERVER=yoga, on node:http) or by
// Apollo Server (SERVER=apollo, its standalone server), written as their docs show, each handing its
// own logging to Faultline's logger (docs/frameworks.md).
const { createLogger } = require('@faultline/node');
const { typeDefs, resolvers, announce } = require('./schema.cjs');

async function main() {
  if (process.env.SERVER === 'apollo') {
    const { ApolloServer } = require('@apollo/server');
    const { startStandaloneServer } = require('@apollo/server/standalone');
    const server = new ApolloServer({ typeDefs, resolvers, logger: createLogger({ name: 'apollo' }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    announce(new URL(url).port);
    return;
  }
  const { createServer } = require('node:http');
  const { createSchema, createYoga } = require('graphql-yoga');
  const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: createLogger({ name: 'yoga' }) });
  // YOGA_MASKED_ERRORS=off: the app turns Yoga's masking off.
  const masking = process.env.YOGA_MASKED_ERRORS === 'off' ? { maskedErrors: false } : undefined;
  const server = createServer(masking === undefined ? yoga : createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: createLogger({ name: 'yoga' }), ...masking }));
  server.listen(0, '127.0.0.1', () => announce(server.address().port));
}
main();
