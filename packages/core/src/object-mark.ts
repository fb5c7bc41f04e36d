// A mark a module puts on objects it did not create (an SDK span, span event or log record) and reads
// back: a class's private field, added to the object by a base constructor that returns that object, so
// the field's initialiser runs on it. Like a non-enumerable symbol property, it is not seen or copied by
// spreads, Object.assign, JSON, structured clones or reflection (a copy someone changed never carries it);
// unlike one, it is added through V8's inline caches like any class field, where Object.defineProperty
// went through the runtime (about 0.25 µs per mark on Node 24, several marks per recorded failure).

class ReturnsTarget {
  constructor(target: object) {
    return target;
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

export interface ObjectMark<T> {
  /** Marks `target` with `value` (again: replaces it). False when the object refused the field. */
  set(target: object, value: T): boolean;
  /** The value `target` was marked with, or undefined. */
  get(target: object): T | undefined;
}

/** A mark of its own (a private name no other mark or module shares). Never throws. */
export function createObjectMark<T>(): ObjectMark<T> {
  class Mark extends ReturnsTarget {
    #value: T;

    constructor(target: object, value: T) {
      super(target);
      this.#value = value;
    }

    static set(target: object, value: T): boolean {
      try {
        if (#value in target) (target as Mark).#value = value;
        else new Mark(target, value);
        return true;
      } catch {
        // An engine that applies non-extensibility to private fields refuses a frozen object.
        return false;
      }
    }

    static get(target: object): T | undefined {
      // `in` throws for a primitive: whatever a caller was handed answers unmarked.
      return isObject(target) && #value in target ? (target as Mark).#value : undefined;
    }
  }
  return { set: Mark.set, get: Mark.get };
}
