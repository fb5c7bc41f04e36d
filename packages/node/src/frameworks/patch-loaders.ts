// Which framework modules are hooked (names and versions, registered at start-up) and how each one's patch
// file is loaded: only when the app loads that framework, so an app without NestJS, GraphQL, ws or BullMQ
// never loads their patch code. A patch file with settings is configured when it loads, and again when
// the settings change after it has loaded.
/* eslint-disable @typescript-eslint/no-require-imports -- each patch file loaded with its framework. */
import type * as ExpressPatch from './express';
import type * as ExpressShapes from './express-shapes';
import type * as WsPatch from './ws';
import type * as KoaPatch from './koa';
import type * as NestPatch from './nestjs';
import type * as HonoPatch from './hono';
import type * as YogaPatch from './graphql-yoga';
import type * as ApolloPatch from './graphql-apollo';
import type * as BullmqPatch from './bullmq';

/** Given the module's export (its default when it has one), its version, and the raw exports. */
export type Patch = (exports: never, version: string | undefined, raw: never) => void;

export interface FrameworkPatch {
  readonly name: string;
  readonly versions: readonly string[];
  /** Files inside the package (CommonJS only) handed to the same patch. */
  readonly files?: readonly string[];
  /** Its name in FAULTLINE_DISABLED_INSTRUMENTATIONS, which leaves the framework unpatched. */
  readonly switch: string;
  readonly load: () => Patch;
}

/** The settings of the patch files that have any (install.ts's FrameworkRuntime config fits). */
interface Settings {
  readonly expressLayerSpans?: string;
  readonly expressStableShapes?: boolean;
  readonly wsOnError?: WsPatch.WsOnError;
}
let settings: Settings | undefined;
let express: typeof ExpressPatch | undefined;
let ws: typeof WsPatch | undefined;

function configureExpress(module: typeof ExpressPatch, config: Settings): void {
  module.configureExpressCapture({ middlewareSpans: config.expressLayerSpans === 'all', routeSpans: config.expressLayerSpans === 'handlers' || config.expressLayerSpans === 'all' });
  (require('./express-shapes') as typeof ExpressShapes).configureExpressShapes({ enabled: config.expressStableShapes });
}

/** Records the settings; patch files already loaded take them now, the others when they load. */
export function configureLoadedPatches(config: Settings): void {
  settings = config;
  if (express) configureExpress(express, config);
  ws?.configureWsCapture(config.wsOnError ?? 'close');
}

function loadExpress(): Patch {
  if (!express) {
    express = require('./express') as typeof ExpressPatch;
    if (settings) configureExpress(express, settings);
  }
  return express.patchExpress as Patch;
}

function loadWs(): Patch {
  if (!ws) {
    ws = require('./ws') as typeof WsPatch;
    ws.configureWsCapture(settings?.wsOnError ?? 'close');
  }
  return ws.patchWs as Patch;
}

export const FRAMEWORK_PATCHES: readonly FrameworkPatch[] = [
  { name: 'express', switch: 'express', versions: ['>=4.0.0 <6'], load: loadExpress },
  { name: 'koa', switch: 'koa', versions: ['>=2.0.0 <4'], load: () => (require('./koa') as typeof KoaPatch).patchKoa as Patch },
  {
    name: '@nestjs/core', switch: 'nestjs', versions: ['>=10.0.0 <13'], files: ['exceptions/exceptions-handler.js'],
    load: () => (require('./nestjs') as typeof NestPatch).patchNestCore as Patch,
  },
  { name: '@nestjs/common/internal', switch: 'nestjs', versions: ['*'], load: () => (require('./nestjs') as typeof NestPatch).patchNestCommonInternal as Patch },
  // Also as a file of @nestjs/common: under module.register() (Node 22) import-in-the-middle names the
  // subpath export by its file, and the hook above alone never fires there.
  {
    name: '@nestjs/common', switch: 'nestjs', versions: ['>=12.0.0 <13'], files: ['internal.js'],
    load: () => (require('./nestjs') as typeof NestPatch).patchNestCommonInternal as Patch,
  },
  { name: 'hono', switch: 'hono', versions: ['>=4.0.0 <5'], load: () => (require('./hono') as typeof HonoPatch).patchHono as Patch },
  {
    name: 'graphql-yoga', switch: 'graphql', versions: ['>=5.0.0 <6'], files: ['cjs/server.js', 'cjs/utils/mask-error.js'],
    load: () => (require('./graphql-yoga') as typeof YogaPatch).patchYoga as Patch,
  },
  {
    name: '@apollo/server', switch: 'graphql', versions: ['>=4.0.0 <6'], files: ['dist/cjs/ApolloServer.js'],
    load: () => (require('./graphql-apollo') as typeof ApolloPatch).patchApolloServer as Patch,
  },
  { name: 'ws', switch: 'ws', versions: ['>=8.0.0 <9'], load: loadWs },
  { name: 'bullmq', switch: 'bullmq', versions: ['>=5.22.0 <7'], load: () => (require('./bullmq') as typeof BullmqPatch).patchBullmq as Patch },
];
