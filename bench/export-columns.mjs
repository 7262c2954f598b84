// The jq baseline of the export benchmark: a jq program that writes the same
// CSV columns, in the same order, as `followup export --format csv` (one row
// per call). Kept beside the bench so it can be checked against the export.
// PROVISIONAL until the export lands: the columns follow DESIGN.md's call entry.
export const CSV_COLUMNS_JQ = [
  'select(.type == "call")',
  '| [.id, .at, .client.id, .client.name, .client.phone, .salesperson, .script.id, .outcome, .durationSec,',
  '   (.flags | length), (.nextCall.date // ""), .summary]',
  '| @csv',
].join(' ');
