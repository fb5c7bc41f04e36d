// GraphQL scenario app (CommonJS): one schema served by graphql-yoga (SERVER=yoga, on node:http) or by
// Apollo Server (SERVER=apollo, its standalone server), written as their docs show. Secrets are fake.
const { GraphQLError } = require('graphql');
const { ValidationError, createLogger } = require('@faultline/node');

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

const typeDefs = /* GraphQL */ `
  type Query {
    ok: String
    boom: String
    again: String
    userError: String
    exposed: String
  }
`;
const resolvers = {
  Query: {
    ok: () => 'fine',
    boom: async () => {
      throw new Error(`charge failed api_key=${FAKE_SECRET}`);
    },
    again: () => {
      throw new Error('second failure');
    },
    userError: () => {
      throw new GraphQLError('coupon expired', { extensions: { code: 'BAD_USER_INPUT' } });
    },
    exposed: () => {
      throw new ValidationError('quantity must be positive', { expose: true });
    },
  },
};

function announce(port) {
  process.stdout.write(`LISTENING ${port}\n`);
}

async function main() {
  if (process.env.SERVER === 'apollo') {
    const { ApolloServer } = require('@apollo/server');
    const { startStandaloneServer } = require('@apollo/server/standalone');
    // The hand-off documented in docs/frameworks.md: the server's own logging through Faultline's logger.
    const server = new ApolloServer({ typeDefs, resolvers, logger: createLogger({ name: 'apollo' }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    announce(new URL(url).port);
    return;
  }
  const { createServer } = require('node:http');
  const { createSchema, createYoga } = require('graphql-yoga');
  const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: createLogger({ name: 'yoga' }) });
  const server = createServer(yoga);
  server.listen(0, '127.0.0.1', () => announce(server.address().port));
}
process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});
main();
