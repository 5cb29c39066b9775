/** What every explain* function returns: plain data, the same in the timeline, the TUI, the JSON and the HTML page. */
import type { Explanation } from '../../report/types.js';

export type { Explanation, Explanations } from '../../report/types.js';

/** Sentences being gathered, with the frames they quote. */
export class Draft {
  readonly sentences: string[] = [];
  readonly frames = new Set<number>();

  say(sentence: string | undefined | false, frames: readonly number[] = []): this {
    if (!sentence) return this;
    this.sentences.push(sentence);
    for (const f of frames) this.frames.add(f);
    return this;
  }

  done(title: string): Explanation {
    return { title, sentences: [...this.sentences], frames: [...this.frames].sort((a, b) => a - b) };
  }
}
