// Realistic call entries for the journal's tests, padded to a target size.
import type { CallEntry } from '../../../src/journal/types.js';

export function makeEntry(options: { id: string; at?: string; size?: number; writer?: number; clientId?: string }): CallEntry {
  const at = options.at ?? new Date().toISOString();
  const entry: CallEntry = {
    v: 1,
    type: 'call',
    id: options.id,
    at,
    client: { id: options.clientId ?? 'andrey-ivanovich', name: 'Андрей Иванович', phone: '+7 916 123-45-67' },
    salesperson: 'Сергей Ларин',
    script: { id: 'kitchen-furniture', version: 'test' },
    startedAt: at,
    endedAt: at,
    durationSec: 171,
    outcome: 'completed',
    steps: [{ id: 'remind', goal: 'Напомнить о себе', answer: 'Помнит' }],
    flags: [],
    gaps: [],
    summary: 'Клиент доволен.',
    nextCall: { date: '2026-12-01', agreed: true },
    writer: options.writer,
  };
  if (options.size) {
    const base = Buffer.byteLength(JSON.stringify(entry)) + 1 + Buffer.byteLength(',"note":""');
    // Cyrillic is two bytes in UTF-8: pad with a mix so lines split mid-character at chunk edges.
    const pad = Math.max(0, options.size - base);
    const cyr = 'ж'.repeat(Math.floor(pad / 4));
    entry.note = cyr + 'x'.repeat(pad - Buffer.byteLength(cyr));
  }
  return entry;
}
