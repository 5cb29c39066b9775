/**
 * Items in order of their latest activity, least recent first: what a Set gives when each touch deletes the item
 * and adds it again, without the Set's cost. A Set that is deleted from and added to at every message rehashes
 * into a new table every few thousand messages, and on a busy capture those tables are megabytes that the young
 * collector copies and promotes. Here a touch appends the item to an array and records where; the entry it had
 * before is left behind, stale, and skipped. The array is compacted when stale entries outnumber live ones, so it
 * holds at most about twice the live items whatever the capture does.
 */

/** An item of the queue: `queuedAt` is where its latest entry is (-1: not in the queue). The queue owns it. */
export interface Queued {
  queuedAt: number;
}

/** Stale entries tolerated beyond the live ones before the array is compacted. */
const SLACK = 64;

export class ActivityQueue<T extends Queued> {
  private items: (T | undefined)[] = [];
  /** Entries before this index are all stale. */
  private head = 0;
  /** Items in the queue. */
  size = 0;

  /** Moves `x` to the most recent end (adds it when it is not in the queue). */
  touch(x: T): void {
    const was = x.queuedAt;
    if (was < 0) this.size++;
    else this.items[was] = undefined;
    x.queuedAt = this.items.length;
    this.items.push(x);
    if (was === this.head) this.skipStale();
    if (this.items.length > 2 * this.size + SLACK) this.compact();
  }

  /** Takes `x` out; false when it was not in the queue. */
  remove(x: T): boolean {
    if (x.queuedAt < 0) return false;
    this.items[x.queuedAt] = undefined;
    x.queuedAt = -1;
    this.size--;
    this.skipStale();
    return true;
  }

  has(x: T): boolean {
    return x.queuedAt >= 0;
  }

  /** The least recently touched item. */
  oldest(): T | undefined {
    return this.size > 0 ? this.items[this.head] : undefined;
  }

  /**
   * Visits the items least recent first until `visit` returns false. `visit` must not touch or remove items:
   * collect them and act after.
   */
  each(visit: (x: T) => boolean): void {
    const items = this.items;
    for (let i = this.head; i < items.length; i++) {
      const x = items[i];
      if (x !== undefined && !visit(x)) return;
    }
  }

  /** The items, least recent first. */
  values(): T[] {
    const out: T[] = [];
    this.each((x) => (out.push(x), true));
    return out;
  }

  private skipStale(): void {
    const items = this.items;
    while (this.head < items.length && items[this.head] === undefined) this.head++;
    if (this.head === items.length) {
      // Empty: start again at the front, keeping the array's room.
      items.length = 0;
      this.head = 0;
    }
  }

  /** Moves the live entries to the front, in order, and drops the rest. */
  private compact(): void {
    const items = this.items;
    let j = 0;
    for (let i = this.head; i < items.length; i++) {
      const x = items[i];
      if (x === undefined) continue;
      x.queuedAt = j;
      items[j++] = x;
    }
    items.length = j;
    this.head = 0;
  }
}
