// What both phone implementations share: their event emitter and the states that end a call.

/** The states after which a call is over. */
export const TERMINAL = new Set([
  'completed', 'busy', 'no-answer', 'canceled', 'failed', 'rejected', 'answered-elsewhere',
  'rejected-elsewhere',
]);

/** A tiny event emitter. */
export class Emitter {
  #listeners = new Map();

  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.#listeners.get(type)?.delete(listener);
  }

  emit(type, detail) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(detail);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
  }
}
