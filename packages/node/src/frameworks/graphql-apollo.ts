// Apollo Server 4 and 5, through its own extension points: each new ApolloServer gets one more plugin
// (after the app's), whose didEncounterErrors hook records each resolver error (graphql-errors.ts), and
// a `formatError` that, in production, answers an unexpected error (a plain Error a resolver threw,
// Apollo's INTERNAL_SERVER_ERROR) with a generic message and `extensions.requestId` instead of its own
// message; errors thrown as GraphQLError (Apollo's user errors: BAD_USER_INPUT, ...) and Faultline
// errors marked `expose` keep theirs. An app's own `formatError` is the app's answer: Faultline only
// adds `extensions.requestId` to what it returns (that is how an app opts out of the masking).
import { captureSettings } from '../capture/capture';
import { trackRequestsBySpan } from '../http/request-context';
import { replaceExport } from './replace-export';
import type { GraphqlErrorLike } from './graphql-errors';
import { WITHHELD_MESSAGE, currentRequestId, isExpectedError, nameForOperation, operationOf, recordGraphqlErrors } from './graphql-errors';

type Formatted = { message?: unknown; path?: unknown; locations?: unknown; extensions?: Record<string, unknown> };
type FormatError = (formatted: Formatted, error: unknown) => Formatted;
interface ApolloConfig { plugins?: unknown[]; formatError?: FormatError; [key: string]: unknown }
type ApolloClass = new (config: ApolloConfig) => object;
interface ApolloModule { ApolloServer?: ApolloClass }
interface RequestContextLike { errors?: readonly GraphqlErrorLike[]; document?: unknown; operationName?: unknown }

const kPatched = Symbol.for('faultline.apollo-patched');

const recordingPlugin = {
  requestDidStart(): Promise<object> {
    return Promise.resolve({
      didResolveOperation(ctx: RequestContextLike): Promise<void> {
        nameForOperation(operationOf(ctx.document, ctx.operationName));
        return Promise.resolve();
      },
      didEncounterErrors(ctx: RequestContextLike): Promise<void> {
        recordGraphqlErrors(ctx.errors, operationOf(ctx.document, ctx.operationName));
        return Promise.resolve();
      },
    });
  },
};

function withRequestId(formatted: Formatted): Formatted {
  const requestId = currentRequestId();
  if (requestId === undefined || formatted === null || typeof formatted !== 'object') return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, requestId } };
}

function faultlineFormatError(appFormatError: FormatError | undefined): FormatError {
  return (formatted, error) => {
    if (appFormatError !== undefined) return withRequestId(appFormatError(formatted, error));
    if (isExpectedError(error)) return withRequestId(formatted);
    const { mode, redactor } = captureSettings();
    if (mode === 'production') {
      const { path, locations } = formatted;
      return withRequestId({ message: WITHHELD_MESSAGE, ...(locations !== undefined ? { locations } : {}), ...(path !== undefined ? { path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    // Development shows the detail, scrubbed (message and stack trace alike).
    return withRequestId(redactor === undefined ? formatted : (redactor.redact(formatted) as Formatted));
  };
}

export function patchApolloServer(apollo: ApolloModule): void {
  const Original = apollo.ApolloServer as ApolloClass & { [kPatched]?: boolean } | undefined;
  if (typeof Original !== 'function' || Original[kPatched] === true) return;
  class ApolloServer extends Original {
    constructor(config: ApolloConfig) {
      const own = config ?? {};
      trackRequestsBySpan();
      super({ ...own, plugins: [...(own.plugins ?? []), recordingPlugin], formatError: faultlineFormatError(own.formatError) });
    }
  }
  Object.defineProperty(ApolloServer, kPatched, { value: true });
  replaceExport(apollo, 'ApolloServer', ApolloServer);
}
