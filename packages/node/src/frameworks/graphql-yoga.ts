// graphql-yoga 5, through its own extension points: `createYoga` is given one more plugin (after the
// app's), whose onExecute hook records each resolver error (graphql-errors.ts), and the app's or Yoga's
// `maskError` is wrapped so that every error in `errors[]` carries `extensions.requestId`, and a Faultline error
// marked `expose` keeps its message. Yoga already withholds an unexpected error's message (outside
// NODE_ENV=development); `maskedErrors: false` turns masking off, and Faultline leaves that alone (only
// an executed operation's errors get `extensions.requestId`, by the plugin).
import { captureSettings } from '../capture/capture';
import { trackRequestsBySpan } from '../http/request-context';
import { replaceExport } from './replace-export';
import type { GraphqlErrorLike } from './graphql-errors';
import { currentRequestId, isExpectedError, nameForOperation, operationOf, recordGraphqlErrors, rootError } from './graphql-errors';

type MaskError = (error: unknown, message: string, isDev?: boolean) => unknown;
interface YogaOptions { plugins?: unknown[]; graphqlEndpoint?: unknown; maskedErrors?: boolean | { maskError?: MaskError; [key: string]: unknown } }
/** Yoga's main module (ESM), or its server.js (createYoga) and utils/mask-error.js (maskError) (CommonJS). */
interface YogaModule {
  createYoga?: (options?: YogaOptions) => unknown;
  maskError?: MaskError;
}
type GraphqlErrorClass = new (message: string, options: Record<string, unknown>) => unknown;

let yogaMaskError: MaskError | undefined;
interface ExecuteArgs { document?: unknown; operationName?: unknown }
interface ExecutionResult { errors?: readonly GraphqlErrorLike[] }

const kPatched = Symbol.for('faultline.yoga-patched');

/**
 * Records the errors of each operation of a Yoga served at `endpoint` (the only path it answers). With
 * Yoga's masking off (no maskError to add it), the operation's errors get `extensions.requestId` here.
 */
const recordingPlugin = (endpoint: string, tagErrors: boolean) => ({
  onExecute({ args }: { args: ExecuteArgs }) {
    const operation = operationOf(args.document, args.operationName);
    nameForOperation(operation, endpoint);
    return {
      onExecuteDone({ result, setResult }: { result: unknown; setResult?: (next: unknown) => void }) {
        // A stream (defer, subscriptions) has no single errors list; its errors reach the client only.
        if (result === null || typeof result !== 'object' || Symbol.asyncIterator in result) return;
        const { errors } = result as ExecutionResult;
        recordGraphqlErrors(errors, operation);
        const requestId = currentRequestId();
        if (!tagErrors || errors === undefined || errors.length === 0 || requestId === undefined || typeof setResult !== 'function') return;
        setResult({ ...result, errors: errors.map((error) => copyOf(error, String(error.message), { ...error.extensions, requestId })) });
      },
    };
  },
});

/**
 * A copy of the GraphQLError `masked` (graphql's class, 16+ options) with `extensions.requestId`,
 * its message and extensions scrubbed (NODE_ENV=development makes Yoga put the original error's message
 * and stack there).
 */
function withRequestId(masked: unknown, message: string | undefined): unknown {
  const requestId = currentRequestId();
  const error = masked as GraphqlErrorLike;
  if (!(masked instanceof Error) || masked.name !== 'GraphQLError') return masked;
  const redactor = captureSettings().redactor;
  const extensions = { ...error.extensions, ...(requestId !== undefined ? { requestId } : {}) };
  return copyOf(masked, String(redactor?.redact(message ?? masked.message) ?? masked.message), (redactor === undefined ? extensions : redactor.redact(extensions)) as Record<string, unknown>);
}

/** A copy of a GraphQLError with another message and extensions; anything else as it is. */
function copyOf(original: unknown, message: string, extensions: Record<string, unknown>): unknown {
  const error = original as GraphqlErrorLike & { nodes?: unknown; source?: unknown; positions?: unknown };
  const GraphQLError = original instanceof Error ? graphqlErrorClass(original) : undefined;
  if (GraphQLError === undefined) return original;
  return new GraphQLError(message, {
    nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions,
  });
}

/**
 * graphql's own GraphQLError class of `error`, above any subclass of the app's (whose constructor takes
 * arguments of its own): the copy is built with it, by name, as an app can load two copies of graphql.
 */
function graphqlErrorClass(error: Error): GraphqlErrorClass | undefined {
  for (let proto: unknown = Object.getPrototypeOf(error); proto !== null && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const constructor = (proto as { constructor?: unknown }).constructor;
    if (typeof constructor === 'function' && constructor.name === 'GraphQLError') return constructor as GraphqlErrorClass;
  }
  return undefined;
}

function faultlineMaskError(appMaskError: MaskError | undefined): MaskError {
  const base = appMaskError ?? yogaMaskError;
  return (error, message, isDev) => {
    const root = rootError(error);
    if (isExpectedError(root) && root !== error && !(root instanceof Error && root.name === 'GraphQLError')) {
      // An exposed Faultline error: its message is for the client (scrubbed all the same, below).
      return withRequestId(error, (root as Error).message);
    }
    return withRequestId(base === undefined ? error : base(error, message, isDev), undefined);
  };
}

export function patchYoga(yoga: YogaModule): void {
  if (typeof yoga.maskError === 'function') yogaMaskError = yoga.maskError;
  const create = yoga.createYoga as ((options?: YogaOptions) => unknown) & { [kPatched]?: boolean } | undefined;
  if (typeof create !== 'function' || create[kPatched] === true) return;
  const wrapped = function createYoga(options: YogaOptions = {}): unknown {
    const masking = options.maskedErrors;
    const endpoint = typeof options.graphqlEndpoint === 'string' ? options.graphqlEndpoint : '/graphql';
    const next: YogaOptions = { ...options, plugins: [...(options.plugins ?? []), recordingPlugin(endpoint, masking === false)] };
    if (masking !== false) {
      const own = typeof masking === 'object' ? masking : {};
      next.maskedErrors = { ...own, maskError: faultlineMaskError(own.maskError) };
    }
    trackRequestsBySpan();
    return create(next);
  } as typeof create;
  Object.defineProperty(wrapped, kPatched, { value: true });
  replaceExport(yoga, 'createYoga', wrapped);
}
