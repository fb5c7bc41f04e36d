// NestJS 12 scenario app: ESM-only, so started with --import; Express platform.
import 'reflect-metadata';
import * as common from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import nestApp from '../nest11/nest-app.cjs';

await nestApp.serve(NestFactory, nestApp.defineAppModule(common));
