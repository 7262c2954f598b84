// The jq baseline of the export benchmark: a jq program writing the same CSV
// columns, in the same order, as `followup export --format csv` (one row per
// call; src/export/csv.ts): id, at, client_id, client_name, phone,
// salesperson, script, script_version, started, ended, duration_sec, outcome,
// one answer column per step key, flags, open_flags, next_call, agreed,
// summary, notes. Two differences, both in jq's favour: open_flags counts the
// flags open in the call itself (jq reads line by line and can't see later
// resolutions without slurping the whole journal), and no cell gets the
// spreadsheet-formula guard.
export const STEP_KEYS = [
  'remind', 'how-it-went', 'impression', 'handle-question.acknowledge', 'handle-question.resolve',
  'relatives', 'support', 'next-call', 'goodbye',
];

export const CSV_COLUMNS_JQ = [
  'select(.type == "call")',
  '| ([.steps[]? | select(.answer != null and (.skipped | not))',
  '    | {((if .handler then .handler + "." + .id else .id end)): (.answer | tostring)}] | add // {}) as $a',
  '| [.id, .at, .client.id, .client.name, .client.phone, .salesperson, .script.id, .script.version,',
  '   .startedAt, .endedAt, .durationSec, .outcome]',
  '  + [$steps[] as $k | $a[$k] // ""]',
  '  + [(.flags | length), ([.flags[]? | select(.status == "open")] | length), (.nextCall.date // ""),',
  '     (if .nextCall then (if .nextCall.agreed then "yes" else "no" end) else "" end), .summary,',
  '     ([(.note // empty)] + [.steps[]? | select(.note) | (if .handler then .handler + "." + .id else .id end) + ": " + .note] | join("\\n"))]',
  '| @csv',
].join(' ');

/** jq's arguments for a journal file. */
export const jqExportArgs = (file) => ['-r', '--argjson', 'steps', JSON.stringify(STEP_KEYS), CSV_COLUMNS_JQ, file];
