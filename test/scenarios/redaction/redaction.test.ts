// Nothing leaves unscrubbed: secrets that instrumentations and app code put on spans (a query string,
// a captured Authorization header, an attribute set by the app) and log records are redacted before export.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';

const APP_DIR = path.join(__dirname, '..', 'startup');
const scenario = useScenario();
// Fake values shaped like real secrets, from no real account.
const QUERY_TOKEN = 'FAKEqueryToken0000111122223333';
const BEARER = 'FAKEbearer0000aaaa1111bbbb2222';
const APP_KEY = 'sk_test_FAKE000000000000000000';
const PASSWORD = 'FAKE-hunter2-password';

describe.each([
  { mode: 'require' as const, entry: 'app.cjs' },
  { mode: 'import' as const, entry: 'app.mjs' },
])('redaction before export with --$mode', ({ mode, entry }) => {
  it('exports the span but none of the secrets put on it', async () => {
    const app = await scenario.start({
      entry: path.join(APP_DIR, entry),
      mode,
      env: { OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST: 'authorization,user-agent' },
    });
    const response = await fetch(`${app.url}/attributes?token=${QUERY_TOKEN}&v=${APP_KEY}`, {
      headers: { authorization: `Bearer ${BEARER}`, 'user-agent': 'scenario-test' },
    });
    expect(response.status).toBe(200);

    const span = await waitFor(() => scenario.receiver.spans.find((s) => s.kind === 2 && s.attributes['app.note'] !== undefined));
    // The attributes are there (captured, set by the app), only their secrets are gone.
    expect(String(span.attributes['app.note'])).toContain('charged with key');
    expect(span.attributes['http.request.header.authorization']).toBeDefined();
    expect(span.attributes['http.request.header.user_agent'] ?? span.attributes['http.request.header.user-agent']).toEqual(['scenario-test']);
    const exported = scenario.receiver.rawText();
    for (const secret of [QUERY_TOKEN, BEARER, APP_KEY]) expect(exported).not.toContain(secret);
  });

  it('exports log records without the secrets in their body and attributes', async () => {
    const app = await scenario.start({ entry: path.join(APP_DIR, entry), mode });
    expect((await fetch(`${app.url}/log?v=${APP_KEY}&password=${PASSWORD}`)).status).toBe(200);
    const record = await waitFor(() => scenario.receiver.logs.find((l) => String(l.body).startsWith('login failed')));
    expect(record.attributes.user).toBe('ada');
    expect(record.attributes.password).toBeDefined();
    const exported = scenario.receiver.rawText();
    for (const secret of [APP_KEY, PASSWORD]) expect(exported).not.toContain(secret);
  });
});
