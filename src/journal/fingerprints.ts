// Entry-id fingerprints met while indexing, for telling a duplicate entry: a
// million of them in typed arrays (open addressing) instead of a Map, whose
// number keys and offsets past 2^30 are each an object on the heap — the
// largest part of a first index build's memory on a million-call journal.
export class Fingerprints {
  private h1: Uint32Array;
  private h2: Uint32Array;
  /** Offset + 1 of the first entry with the fingerprint; 0: empty slot. */
  private at: Float64Array;
  private size = 0;

  constructor(capacity = 1024) {
    let slots = 1024;
    while (slots < capacity * 2) slots *= 2;
    this.h1 = new Uint32Array(slots);
    this.h2 = new Uint32Array(slots);
    this.at = new Float64Array(slots);
  }

  private slot(h1: number, h2: number): number {
    const mask = this.at.length - 1;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    while (this.at[i] !== 0 && (this.h1[i] !== h1 || this.h2[i] !== h2)) i = (i + 1) & mask;
    return i;
  }

  /** The offset of the first entry with this fingerprint, if any. */
  get(h1: number, h2: number): number | undefined {
    const i = this.slot(h1, h2);
    return this.at[i] === 0 ? undefined : this.at[i]! - 1;
  }

  set(h1: number, h2: number, offset: number): void {
    const i = this.slot(h1, h2);
    if (this.at[i] === 0) this.size++;
    this.h1[i] = h1;
    this.h2[i] = h2;
    this.at[i] = offset + 1;
    if (this.size * 2 > this.at.length) this.grow();
  }

  private grow(): void {
    const { h1, h2, at } = this;
    this.h1 = new Uint32Array(at.length * 2);
    this.h2 = new Uint32Array(at.length * 2);
    this.at = new Float64Array(at.length * 2);
    for (let i = 0; i < at.length; i++) {
      if (at[i] === 0) continue;
      const j = this.slot(h1[i]!, h2[i]!);
      this.h1[j] = h1[i]!;
      this.h2[j] = h2[i]!;
      this.at[j] = at[i]!;
    }
  }
}
