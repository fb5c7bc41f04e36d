import * as core from '@faultline/core';
import { describe, expect, it } from 'vitest';
import * as node from './index';

describe('@faultline/node public surface', () => {
  it('names the error model, so apps import what they throw from the package they install', () => {
    const error = new node.NotFoundError('no such order');
    expect(error).toBeInstanceOf(core.NotFoundError);
    expect(node.isFaultlineError(error)).toBe(true);
    expect({ status: error.status, code: error.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    for (const name of ['ValidationError', 'AuthenticationError', 'AuthorizationError', 'ConflictError', 'RateLimitError',
      'ExternalServiceError', 'TimeoutError', 'RemoteError', 'FaultlineError'] as const) {
      expect(node[name]).toBe(core[name]);
    }
  });

  it('offers the logger and request-ID helpers', () => {
    expect(typeof node.createLogger).toBe('function');
    expect(typeof node.getRequestId).toBe('function');
    expect(node.getRequestId()).toBeUndefined();
  });
});
