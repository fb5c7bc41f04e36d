// GraphQL scenario app (ESM): the same servers as app.cjs, imported.
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createSchema, createYoga } from 'graphql-yoga';
import { createLogger } from '@faultline/node';
import schema from './schema.cjs';

const { typeDefs, resolvers, announce } = schema;

if (process.env.SERVER === 'apollo') {
  const server = new ApolloServer({ typeDefs, resolvers, logger: createLogger({ name: 'apollo' }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  announce(new URL(url).port);
} else {
  const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: createLogger({ name: 'yoga' }) });
  const server = createServer(yoga);
  server.listen(0, '127.0.0.1', () => announce(server.address().port));
}
