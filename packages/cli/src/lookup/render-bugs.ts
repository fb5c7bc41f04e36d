// The human answer of `faultline bugs`: one block per bug, most severe first, like the page's list.
import type { BugList } from './bugs';
import { safeText } from './render-text';
import { utcSeconds as when } from './relative-time';

export function renderBugs(list: BugList): string {
  const counted = `${list.truncated ? 'at least ' : ''}${list.tracesRead} failed requests traced`;
  const lines = [`Bugs in ${safeText(list.service)} from ${when(list.from)} to ${when(list.to)}: ${counted}, ${list.bugs.length} bugs`];
  for (const bug of list.bugs) {
    const message = bug.message.length > 100 ? `${bug.message.slice(0, 99)}…` : bug.message;
    lines.push(
      '',
      `  ${bug.severity.padEnd(8)} ${String(bug.occurrences).padStart(6)}×  ${safeText(bug.type)}: ${safeText(message)}`,
      `                    fingerprint ${safeText(bug.fingerprint)}  first ${when(bug.firstSeen)}  last ${when(bug.lastSeen)}`,
      `                    routes ${bug.routes.map(safeText).join(', ') || '(none)'}  latest ${bug.recent[0]?.requestId ?? ''}`,
    );
  }
  return lines.join('\n');
}
