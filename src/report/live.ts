import type { Report } from './types.js';

/**
 * A report that is still being built (a large file or stdin being read). The TUI subscribes and redraws;
 * `snapshot()` is cheap enough to call a few times a second.
 */
export interface LiveReport {
  snapshot(): Report;
  /** Called whenever new data was analysed (throttled by the producer). Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Resolves when reading is over (also on a broken input: the report then carries the warnings). */
  readonly finished: Promise<void>;
}
