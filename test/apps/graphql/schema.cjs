// The schema shared by the GraphQL scenario apps (CommonJS and ESM): resolvers that succeed, throw an
// unexpected error (with a fake secret), a user error and an exposed Faultline error.
const { GraphQLError } = require('graphql');
const { ValidationError } = require('@faultline/node');

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
process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});

module.exports = { typeDefs, resolvers, announce };
