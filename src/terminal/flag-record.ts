// A flag as the engine, the draft and --json keep it: the journal's derived
// state (who raised it, its changes) left out. Pure.
import type { FlagRecord } from '../journal/types.js';

/** A flag as the engine and the draft keep it (the journal's extra state dropped). */
export function plainFlag(flag: FlagRecord): FlagRecord {
  return {
    id: flag.id,
    step: flag.step,
    text: flag.text,
    owner: flag.owner,
    ...(flag.promise ? { promise: flag.promise } : {}),
    due: flag.due,
    status: flag.status,
    ...(flag.note ? { note: flag.note } : {}),
  };
}
