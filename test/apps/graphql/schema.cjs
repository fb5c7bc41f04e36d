// The schema shared by the GraphQL scenario apps (CommonJS and ESM): resolvers that succeed, throw an
// unexpected error (with a fake secret), a user error, an exposed Faultline error and a list of 50
// items whose field fails.
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
    items: [Item]
  }
  type Item {
    id: Int
    broken: String
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
    // A list whose every item fails the same way: one failure, not 50.
    items: () => Array.from({ length: 50 }, (_, id) => ({ id })),
  },
  Item: {
    broken: ({ id }) => {
      throw new Error(`item ${id} broken`);
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
