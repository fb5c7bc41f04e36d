// The whole story of a failure: its `cause` chain and the members of an AggregateError, walked depth
// first with bounds on depth and count, safe on cycles and on getters that throw.
import { safeGet } from './error-brand';
import { typeName } from './error-facts';
import { normalizeError } from './normalize';

export interface CauseNode {
  /** Normalised error for this cause. */
  readonly error: Error;
  /** Where it sits, from the recorded error: `cause`, `cause.cause`, `errors[1]`, `errors[0].cause`, … */
  readonly path: string;
  readonly depth: number;
}

export interface CauseLimits {
  readonly maxDepth: number;
  readonly maxCount: number;
}

export const DEFAULT_CAUSE_LIMITS: CauseLimits = Object.freeze({ maxDepth: 5, maxCount: 10 });

function isAggregate(error: unknown): boolean {
  try {
    return error instanceof AggregateError || typeName(error) === 'AggregateError';
  } catch {
    return false;
  }
}

/** The children of one error: its cause, then (for an AggregateError) its members. */
function childrenOf(error: unknown, path: string, room: number): { children: Array<[unknown, string]>; dropped: number } {
  const children: Array<[unknown, string]> = [];
  const cause = safeGet(error, 'cause');
  if (cause !== undefined) children.push([cause, path === '' ? 'cause' : `${path}.cause`]);
  let dropped = 0;
  const members = isAggregate(error) ? safeGet(error, 'errors') : undefined;
  if (Array.isArray(members)) {
    const taken = Math.min(members.length, Math.max(0, room - children.length));
    for (let index = 0; index < taken; index += 1) {
      children.push([safeGet(members, index), `${path === '' ? '' : `${path}.`}errors[${index}]`]);
    }
    dropped = members.length - taken;
  }
  return { children, dropped };
}

/** Causes and aggregate members below `root`, depth first; `dropped` counts what the bounds left out. */
export function collectCauses(root: unknown, limits: CauseLimits = DEFAULT_CAUSE_LIMITS): { nodes: CauseNode[]; dropped: number } {
  const nodes: CauseNode[] = [];
  // Most errors have no cause: answer them without building the walk.
  if (safeGet(root, 'cause') === undefined && !isAggregate(root)) return { nodes, dropped: 0 };
  const seen = new Set<unknown>([root]);
  let dropped = 0;
  const visit = (error: unknown, path: string, depth: number): void => {
    const { children, dropped: skipped } = childrenOf(error, path, limits.maxCount - nodes.length);
    dropped += skipped;
    for (const [child, childPath] of children) {
      // A cycle (a.cause = b, b.cause = a) ends the walk instead of recording the same error again.
      if (typeof child === 'object' && child !== null && seen.has(child)) continue;
      if (nodes.length >= limits.maxCount || depth + 1 > limits.maxDepth) {
        dropped += 1;
        continue;
      }
      seen.add(child);
      nodes.push({ error: normalizeError(child), path: childPath, depth: depth + 1 });
      visit(child, childPath, depth + 1);
    }
  };
  try {
    visit(root, '', 0);
  } catch {
    // Only a pathological object gets here; what was collected so far still stands.
  }
  return { nodes, dropped };
}
