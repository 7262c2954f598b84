// The journal's public API. Everything else in the program reads and writes
// the journal only through these functions (see docs/journal.md).
export type { CallEntry, ClientInfo, FlagRecord, FlagUpdateEntry, JournalEntry, NextCall, Outcome } from './types.js';
export { JOURNAL_VERSION, OUTCOMES } from './types.js';
export type { FsLayer } from './fs-layer.js';
export { nodeFs } from './fs-layer.js';
export { JournalIoError } from './errors.js';
export { appendEntry, type AppendOptions, type AppendResult } from './append.js';
export { acquireJournalLock, lockPathFor, type LockOptions, type LockOwner } from './lock.js';
export {
  streamJournal,
  forEachJournalItem,
  readJournal,
  readJournals,
  type Damage,
  type DamageReason,
  type JournalItem,
  type ReadOptions,
  type ReadProgress,
  type ReadResult,
} from './read.js';
export { checkJournal, repairJournal, quarantinePathFor, type CheckReport, type RepairReport } from './check.js';
export { formatDamage, formatWarnings } from './format.js';
export { privacyWarning, type JournalWarning } from './privacy.js';
export { saveDraft, loadDraft, listDrafts, deleteDraft, draftPathFor, type Draft } from './drafts.js';
export {
  foldState,
  dueCalls,
  flagQueue,
  clientHistory,
  dayDiff,
  type JournalState,
  type ClientState,
  type FlagState,
  type FlagQueueItem,
  type DueItem,
  type DueOptions,
  type FlagQueueOptions,
} from './queries.js';
