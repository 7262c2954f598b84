// The union of step keys across calls in a stable, readable order: a key
// seen for the first time lands right after the step that preceded it in
// its call, so the union follows the scripts' order (handler steps after the
// step that called them) rather than the order calls happened to come in.
export class StepOrder {
  private readonly order: string[] = [];
  private readonly known = new Set<string>();

  /** Adds `key`, seen after `previous` in one call; returns `key` for chaining. */
  add(key: string, previous: string | null): string {
    if (!this.known.has(key)) {
      this.known.add(key);
      const at = previous === null ? 0 : this.order.indexOf(previous) + 1;
      this.order.splice(at, 0, key);
    }
    return key;
  }

  has(key: string): boolean {
    return this.known.has(key);
  }

  keys(): string[] {
    return [...this.order];
  }
}
