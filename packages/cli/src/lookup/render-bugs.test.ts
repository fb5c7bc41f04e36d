import { describe, expect, it } from 'vitest';
import type { BugList } from './bugs';
import { renderBugs } from './render-bugs';

const LIST: BugList = {
  service: 'shop',
  from: '2026-12-06T10:00:00.000Z',
  to: '2026-12-06T11:00:00.000Z',
  tracesRead: 2000,
  truncated: true,
  bugs: [{
    fingerprint: 'aa0956cfc7b984af',
    type: 'TypeError',
    message: `Cannot read properties of undefined \u001b[2J${'x'.repeat(200)}`,
    severity: 'high',
    occurrences: 1999,
    firstSeen: '2026-12-06T10:00:01.000Z',
    lastSeen: '2026-12-06T10:59:59.000Z',
    routes: ['GET /bug'],
    recent: [{ requestId: '18P-3EVH-93G1-M8A1-MJAB-175P-Q4NY', at: '2026-12-06T10:59:59.000Z' }],
  }],
};

describe('renderBugs', () => {
  it('prints each bug with its counts and ids, says "at least" when the search was full, escapes control characters', () => {
    const text = renderBugs(LIST);
    expect(text).toContain('Bugs in shop from 2026-12-06 10:00:00 UTC to 2026-12-06 11:00:00 UTC: at least 2000 failed requests traced, 1 bugs');
    expect(text).toContain('  high       1999×  TypeError: Cannot read properties of undefined \\u001b[2J');
    expect(text).toContain('fingerprint aa0956cfc7b984af  first 2026-12-06 10:00:01 UTC  last 2026-12-06 10:59:59 UTC');
    expect(text).toContain('routes GET /bug  latest 18P-3EVH-93G1-M8A1-MJAB-175P-Q4NY');
    expect(text.includes('\u001b')).toBe(false);
    expect(text.split('\n')[2]!.length).toBeLessThan(140);
  });
});
