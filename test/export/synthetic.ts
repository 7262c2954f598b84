// Synthetic journals for export tests and measurements: realistic call
// entries (Cyrillic and Latin names, the seven steps, flags on ~15% of calls,
// several salespeople and scripts), generated from a seed so runs repeat.
import type { CallEntry, FlagUpdateEntry, JournalEntry } from '../../src/journal/types.js';

const FIRST = ['Андрей Иванович', 'Мария Петровна', 'Ольга', 'John Smith', 'Émilie Dubois', 'Игорь Сергеевич', 'Anna Müller', 'Пётр'];
const SALES = ['Сергей Ларин', 'Anna Berg', 'Ирина Котова'];
const SCRIPTS = [
  { id: 'kitchen-furniture', version: 'a1b2c3' },
  { id: 'car-dealership', version: 'd4e5f6' },
  { id: 'kitchen-furniture', version: 'a1b2c4' },
];
const STEPS = ['remind', 'how-it-went', 'impression', 'relatives', 'support', 'next-call', 'goodbye'];
const OWNERS = ['senior assembler', 'delivery service', 'старший мастер'];

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, width = 6): string {
  return String(n).padStart(width, '0');
}

export interface SyntheticOptions {
  calls: number;
  seed?: number;
  /** First call's instant; calls are spaced `stepMinutes` apart. */
  start?: string;
  stepMinutes?: number;
  clients?: number;
}

/** Entries in journal order: calls, and a flag update for a third of the flags. */
export function* syntheticEntries(options: SyntheticOptions): Generator<JournalEntry> {
  const random = rng(options.seed ?? 1);
  const start = Date.parse(options.start ?? '2026-01-05T07:00:00.000Z');
  const step = (options.stepMinutes ?? 7) * 60_000;
  const clients = options.clients ?? Math.max(1, Math.floor(options.calls / 3));
  const pending: FlagUpdateEntry[] = [];
  for (let i = 0; i < options.calls; i++) {
    const at = new Date(start + i * step);
    const c = Math.floor(random() * clients);
    const name = `${FIRST[c % FIRST.length]} ${c}`;
    const script = SCRIPTS[Math.floor(random() * SCRIPTS.length)]!;
    const endedEarly = random() < 0.1;
    const reached = endedEarly ? 1 + Math.floor(random() * 5) : STEPS.length;
    const steps = STEPS.slice(0, reached).map((id) => ({
      id,
      goal: `Goal of ${id}`,
      answer: random() < 0.1 ? undefined : `Ответ, "${id}"`,
      ...(random() < 0.05 ? { skipped: true } : {}),
      ...(random() < 0.2 ? { note: 'Тёща считает, что цвет слишком тёмный' } : {}),
    }));
    const flags =
      random() < 0.15
        ? [
            {
              id: `F${pad(i, 10)}`,
              step: 'impression',
              text: 'Дверца открывается на 90°, просили 180°',
              owner: OWNERS[i % OWNERS.length]!,
              promise: 'Мастер перезвонит',
              due: new Date(start + i * step + 86_400_000).toISOString().slice(0, 10),
              status: 'open' as const,
            },
          ]
        : [];
    const entry: CallEntry = {
      v: 1,
      type: 'call',
      id: `C${pad(i, 10)}`,
      at: at.toISOString(),
      client: { id: `client-${c}`, name, phone: `+7 916 000-${pad(c, 4)}` },
      salesperson: SALES[i % SALES.length]!,
      script,
      startedAt: new Date(at.getTime() - 170_000).toISOString(),
      endedAt: at.toISOString(),
      durationSec: 150 + Math.floor(random() * 60),
      outcome: endedEarly ? 'ended-early' : 'completed',
      steps,
      flags,
      gaps: random() < 0.1 ? [{ step: 'relatives', said: 'спросил про продление гарантии' }] : [],
      summary: `Звонок ${i}: всё хорошо, клиент доволен.`,
      nextCall: endedEarly ? null : { date: new Date(at.getTime() + 3 * 86_400_000).toISOString().slice(0, 10), agreed: random() < 0.9, script: script.id },
    };
    yield entry;
    for (const f of flags) {
      if (random() < 0.33)
        pending.push({ v: 1, type: 'flag', id: `U${f.id}`, at: '', flag: f.id, status: 'resolved', note: 'Сделано' });
    }
    if (pending.length > 0 && random() < 0.3) {
      const update = pending.shift()!;
      yield { ...update, at: new Date(at.getTime() + 1000).toISOString() };
    }
  }
}

export function syntheticJournal(options: SyntheticOptions): string {
  let text = '';
  for (const entry of syntheticEntries(options)) text += JSON.stringify(entry) + '\n';
  return text;
}
