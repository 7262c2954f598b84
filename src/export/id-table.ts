// Ids (flag ids: ULIDs, or whatever a hand-edited journal holds) numbered
// 0, 1, 2… in the order they are added, kept as bytes in one buffer with an
// open-addressing hash table over them. A Map<string, …> costs ~100 bytes an
// id (the string, the entry, a boxed number); this ~45. A million-call journal
// changes ~150,000 flags, and the map was 15 MB of the export's peak memory
// at that size, which made it grow with the journal. Exact: an id is found by
// comparing its characters, never by its hash alone.
import { fnv1aText } from '../hash.js';

const EMPTY = -1;

export class IdTable {
  /** The ids' characters, back to back: latin1 bytes (ids with a char above U+00FF go to `wide`). */
  private bytes = new Uint8Array(1 << 12);
  /** Where id i ends in `bytes` (it starts where id i-1 ended); -1 for a wide id. */
  private ends = new Int32Array(256);
  private hashes = new Int32Array(256);
  /** Slots of the hash table: an id's number or EMPTY. Never more than half full. */
  private slots = new Int32Array(512).fill(EMPTY);
  private used = 0;
  private readonly wide = new Map<string, number>();
  size = 0;

  /** The id's number, or -1. */
  get(id: string): number {
    if (!isNarrow(id)) return this.wide.get(id) ?? -1;
    const hash = hashOf(id);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const n = this.slots[slot]!;
      if (n === EMPTY) return -1;
      if (this.hashes[n] === hash && this.equals(n, id)) return n;
    }
  }

  /** The id's number, added when new. */
  add(id: string): number {
    const found = this.get(id);
    if (found >= 0) return found;
    const n = this.size++;
    if (n === this.ends.length) {
      this.ends = grow(this.ends, this.ends.length * 2);
      this.hashes = grow(this.hashes, this.hashes.length * 2);
    }
    if (!isNarrow(id)) {
      this.wide.set(id, n);
      this.ends[n] = -1;
      return n;
    }
    if (this.used + id.length > this.bytes.length) this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, this.used + id.length));
    for (let i = 0; i < id.length; i++) this.bytes[this.used + i] = id.charCodeAt(i);
    this.used += id.length;
    this.ends[n] = this.used;
    const hash = hashOf(id);
    this.hashes[n] = hash;
    if ((this.size - this.wide.size) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(n, hash);
    return n;
  }

  private start(n: number): number {
    for (let k = n - 1; k >= 0; k--) if (this.ends[k]! >= 0) return this.ends[k]!;
    return 0;
  }

  private equals(n: number, id: string): boolean {
    const end = this.ends[n]!;
    const start = n === 0 ? 0 : this.ends[n - 1]! >= 0 ? this.ends[n - 1]! : this.start(n);
    if (end - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.bytes[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private place(n: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = n;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    for (let n = 0; n < this.size; n++) if (this.ends[n]! >= 0) this.place(n, this.hashes[n]!);
  }
}

function isNarrow(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) > 0xff) return false;
  return true;
}

/** FNV-1a over the characters (all ≤ 0xFF here), as the Int32Array of hashes keeps it. */
const hashOf = (id: string): number => fnv1aText(id) | 0;

function grow<T extends Uint8Array | Int32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** A growable list of numbers by id number (times, statuses). */
export function growFloat64(array: Float64Array, need: number): Float64Array {
  return need <= array.length ? array : grow(array, Math.max(need, array.length * 2));
}
