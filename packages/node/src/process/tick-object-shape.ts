// Keeps one of Node's process.nextTick objects alive for the life of the process, so V8 keeps the hidden
// classes (maps) they are built with. Tick objects live for one turn; V8's full collections free their
// maps whenever none is alive at that moment (the code and feedback that use a map hold it weakly), and
// the next tick object is then built along fresh ones. After a few such rebirths the property
// definitions in nextTick's object literal (Node 22 and 24) see too many maps and go megamorphic, and
// its optimized code defines each key through V8's runtime: about 4 µs more per request in the peers
// benchmark's app on Node 24 (docs/performance.md, "Where a /fail goes"). An uninstrumented app gets
// there too when full collections come often enough (the test forces them). One small object (this
// callback, no arguments) keeps the maps, and nothing else changes.
import { executionAsyncResource } from 'node:async_hooks';

let kept: object | undefined;

function keepTickObject(): void {
  // In a nextTick callback the executing resource is the tick object itself.
  kept = executionAsyncResource();
}

/** The tick object kept (undefined until the first tick runs); for tests. */
export function keptTickObject(): object | undefined {
  return kept;
}

/** Never throws. Once per process is enough (a second call keeps a newer tick object instead). */
export function keepTickObjectShape(): void {
  try {
    process.nextTick(keepTickObject);
  } catch {
    // A process whose nextTick throws has bigger problems than a megamorphic site.
  }
}
