// Ordering entries by time: as instants, not strings ('…00Z' and '…00.000Z'
// are the same moment), stable for ties. Journals are appended in time order,
// so the common case is a single pass that finds them sorted already.

export function sortByTime<T extends { at: string }>(items: T[]): T[] {
  const keys = new Float64Array(items.length);
  let sorted = true;
  for (let i = 0; i < items.length; i++) {
    keys[i] = Date.parse(items[i]!.at);
    if (i > 0 && keys[i]! < keys[i - 1]!) sorted = false;
  }
  if (sorted) return items;
  const order = Array.from(items.keys());
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  return order.map((i) => items[i]!);
}
