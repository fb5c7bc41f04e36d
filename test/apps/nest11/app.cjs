// NestJS 11 scenario app (CommonJS); PLATFORM=fastify serves it on @nestjs/platform-fastify.
require('reflect-metadata');
const common = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { defineAppModule, serve } = require('./nest-app.cjs');

let adapter;
if (process.env.PLATFORM === 'fastify') {
  const { FastifyAdapter } = require('@nestjs/platform-fastify');
  adapter = new FastifyAdapter();
}
serve(NestFactory, defineAppModule(common), adapter);
