#!/usr/bin/env node
// A generator of realistic synthetic journals for the benchmarks and the
// index tests: N calls in the exact journal format (src/journal/types.ts,
// DESIGN.md), deterministic for a seed, written as a stream so 1M calls never
// sit in memory.
//
// The model: a team of salespeople makes follow-up calls every day. A call is
// either a follow-up that has come due (second call three days after the first,
// a retry after "no answer" or "call back") or the first call after a new
// purchase by a client drawn from a population of several thousand people —
// Cyrillic and Latin names, some of whom buy again and again. About 15 % of
// calls flag an issue; most flags are resolved later by a `flag` entry or in
// the next call. The timeline ends at `--today`, so next calls spread around
// it: some overdue, some today, some ahead.
//
//   node bench/gen-journal.mjs --size 100000 [--seed 1] [--today 2026-11-28]
//        [--clients K] [--out FILE]        (stdout without --out)
//
// Beside FILE it writes FILE.meta.json: counts, bytes and a sample client
// (the one with the most calls) for `history` benchmarks.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// ── deterministic randomness ──────────────────────────────────────────────
/** sfc32: small, fast, good enough for test data; Math.random can't be seeded. */
export function makeRandom(seed) {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const random = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** An exponential wait with the given mean. */
    exp: (mean) => -Math.log(1 - next()) * mean,
    /** Picks by weight: [[value, weight], …]. */
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [value, w] of pairs) if ((r -= w) < 0) return value;
      return pairs.at(-1)[0];
    },
  };
  return random;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A ULID: 48-bit time in ms + 80 random bits, Crockford base32. */
function ulid(ms, random) {
  let out = '';
  let t = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  for (let i = 0; i < 16; i++) out += CROCKFORD[Math.floor(random.next() * 32)];
  return out;
}

// ── people ────────────────────────────────────────────────────────────────
const RU_MALE = [
  ['Андрей', 'Андреевич'], ['Сергей', 'Сергеевич'], ['Дмитрий', 'Дмитриевич'], ['Алексей', 'Алексеевич'],
  ['Иван', 'Иванович'], ['Михаил', 'Михайлович'], ['Николай', 'Николаевич'], ['Павел', 'Павлович'],
  ['Юрий', 'Юрьевич'], ['Олег', 'Олегович'], ['Виктор', 'Викторович'], ['Григорий', 'Григорьевич'],
  ['Фёдор', 'Фёдорович'], ['Артём', 'Артёмович'], ['Егор', 'Егорович'], ['Илья', 'Ильич'],
];
const RU_FEMALE = [
  ['Анна', 'Андреевна'], ['Мария', 'Сергеевна'], ['Елена', 'Дмитриевна'], ['Ольга', 'Алексеевна'],
  ['Татьяна', 'Ивановна'], ['Наталья', 'Михайловна'], ['Ирина', 'Николаевна'], ['Светлана', 'Павловна'],
  ['Юлия', 'Юрьевна'], ['Ксения', 'Олеговна'], ['Дарья', 'Викторовна'], ['Людмила', 'Григорьевна'],
];
const RU_SURNAMES = [
  ['Иванов', 'Иванова'], ['Смирнов', 'Смирнова'], ['Кузнецов', 'Кузнецова'], ['Попов', 'Попова'],
  ['Васильев', 'Васильева'], ['Петров', 'Петрова'], ['Соколов', 'Соколова'], ['Михайлов', 'Михайлова'],
  ['Новиков', 'Новикова'], ['Фёдоров', 'Фёдорова'], ['Морозов', 'Морозова'], ['Волков', 'Волкова'],
  ['Алексеев', 'Алексеева'], ['Лебедев', 'Лебедева'], ['Семёнов', 'Семёнова'], ['Егоров', 'Егорова'],
  ['Павлов', 'Павлова'], ['Козлов', 'Козлова'], ['Степанов', 'Степанова'], ['Николаев', 'Николаева'],
  ['Орлов', 'Орлова'], ['Андреев', 'Андреева'], ['Макаров', 'Макарова'], ['Захаров', 'Захарова'],
];
const EN_FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Susan', 'Richard', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Zoë', 'José', 'Chloé', 'Seán'];
const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', "O'Brien", 'Moore', 'Jackson', 'Martin', 'Lee', 'Müller', 'Nguyen'];

const TRANSLIT = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
function slug(text) {
  return [...text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()]
    .map((ch) => TRANSLIT[ch] ?? ch)
    .join('')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const SALESPEOPLE = [
  { name: 'Сергей Ларин', lang: 'ru', trade: 'kitchen' },
  { name: 'Марина Котова', lang: 'ru', trade: 'kitchen' },
  { name: 'Алексей Громов', lang: 'ru', trade: 'car' },
  { name: 'Ирина Белова', lang: 'ru', trade: 'car' },
  { name: 'Олег Шумилов', lang: 'ru', trade: 'any' },
  { name: 'Emma Clarke', lang: 'en', trade: 'any' },
  { name: 'Daniel Reyes', lang: 'en', trade: 'any' },
];

const SCRIPT_VERSIONS = new Map();
function scriptRef(id) {
  if (!SCRIPT_VERSIONS.has(id)) {
    let h = 2166136261;
    for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    SCRIPT_VERSIONS.set(id, { id, version: `sha256-${h.toString(16).padStart(8, '0')}${(h ^ 0x5bd1e995).toString(16).padStart(8, '0')}` });
  }
  return SCRIPT_VERSIONS.get(id);
}

// ── what is said ──────────────────────────────────────────────────────────
const GOALS = {
  ru: {
    remind: 'Напомнить о себе', 'how-it-went': 'Как всё прошло', impression: 'Первое впечатление',
    relatives: 'Что сказали близкие', support: 'Предложить поддержку', 'next-call': 'Согласовать следующий звонок',
    goodbye: 'Попрощаться', acknowledge: 'Принять и уточнить', resolve: 'Ответить или передать',
  },
  en: {
    remind: 'Remind who you are', 'how-it-went': 'Ask how it went', impression: 'First impression',
    relatives: 'What relatives and friends said', support: 'Offer support', 'next-call': 'Agree the next call',
    goodbye: 'Say goodbye', acknowledge: 'Acknowledge and clarify', resolve: 'Answer or hand over',
  },
};
const PRODUCTS = {
  kitchen: { ru: ['кухонный гарнитур «Верона»', 'кухня «Лофт» 3,2 м', 'угловой гарнитур «Прованс»', 'шкаф-купе'], en: ['Verona kitchen set', 'Loft kitchen, 3.2 m', 'corner kitchen Provence'] },
  car: { ru: ['Škoda Octavia', 'Kia Rio', 'Hyundai Creta', 'Lada Vesta SW', 'Toyota RAV4'], en: ['Toyota RAV4', 'Honda Civic', 'Ford Kuga'] },
};
const SAID = {
  ru: {
    wentWell: ['Всё хорошо, собрали быстро', 'Доехали отлично, спасибо', 'Нормально, сборщики молодцы', 'Всё прошло спокойно', 'Немного задержались, но всё в порядке'],
    relatives: ['Жене очень понравилось', 'Тёще не понравился цвет', 'Соседи заходили, хвалили', 'Ещё никому не показывали', 'Сын в восторге'],
    notes: ['Клиент торопился', 'Просил звонить после шести', 'Упомянул, что друг тоже присматривает', 'Говорили на громкой связи', 'Очень доволен сервисом'],
    flags: [
      ['Створка у сушки открывается на 90°, просили на 180°', 'старший мастер по сборке', 'Мастер свяжется с вами завтра'],
      ['Царапина на столешнице у мойки', 'служба доставки', 'Привезём замену'],
      ['Не работает подсветка над рабочей зоной', 'старший мастер по сборке', 'Мастер перезвонит'],
      ['Датчик давления в шинах горит', 'сервисный центр', 'Сервис перезвонит сегодня'],
      ['Не пришёл второй ключ', 'отдел выдачи', 'Ключ передадим в пятницу'],
      ['Скрипит дверь багажника', 'сервисный центр', 'Запишем на диагностику'],
    ],
    gaps: ['спросил про продление гарантии', 'интересовался рассрочкой на вторую покупку', 'спросил, можно ли докупить модуль', 'спросил про зимнюю резину'],
    acknowledge: ['Вторая справа, у сушки', 'Та, что у окна', 'На заднем сиденье, справа'],
  },
  en: {
    wentWell: ['All good, the fitters were quick', 'Got home fine, thanks', 'Went smoothly', 'A bit late, but fine'],
    relatives: ['My wife loves it', 'My mother-in-law finds the colour too dark', 'The neighbours liked it', 'Not shown it yet'],
    notes: ['Client was in a hurry', 'Prefers calls after 6 pm', 'On speakerphone', 'Very happy with the service'],
    flags: [
      ['Door opens 90°, asked for 180°', 'senior assembler', 'He will call you tomorrow'],
      ['Scratch on the worktop by the sink', 'delivery service', 'We will bring a replacement'],
      ['Tyre pressure light is on', 'service centre', 'Service will call you today'],
      ['Second key missing', 'handover desk', 'Key handed over on Friday'],
    ],
    gaps: ['asked about a longer warranty', 'asked about financing a second purchase', 'asked about winter tyres'],
    acknowledge: ['The second door from the right', 'The one by the window', 'Rear seat, right side'],
  },
};
const CHOICES = {
  ru: { remembers: 'Помнит', forgot: 'Не помнит', busy: 'Не может говорить', fine: 'Всё хорошо', question: 'Есть вопрос или сомнение', handled: 'Ответил по телефону', handover: 'Нужен другой специалист' },
  en: { remembers: 'Remembers', forgot: "Doesn't remember", busy: "Can't talk now", fine: 'All good', question: 'Has a question or a doubt', handled: 'Answered on the phone', handover: 'Needs someone else' },
};

// ── dates ─────────────────────────────────────────────────────────────────
const DAY_MS = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
/** Adds days, skipping Saturday and Sunday when `business` is set. */
function addDays(ms, days, business) {
  let t = ms;
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const wd = new Date(t).getUTCDay();
    if (!business || (wd !== 0 && wd !== 6)) left--;
  }
  return t;
}

// ── a tiny binary heap for pending follow-ups and flag resolutions ───────
class Heap {
  constructor() { this.items = []; }
  get size() { return this.items.length; }
  peek() { return this.items[0]; }
  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].key <= a[i].key) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].key < a[m].key) m = l;
        if (r < a.length && a[r].key < a[m].key) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Makes the client population: distinct people, ids unique like a slug with a suffix. */
function makeClients(count, random) {
  const clients = [];
  const used = new Map();
  for (let i = 0; i < count; i++) {
    const latin = random.chance(0.25);
    let name;
    let lang;
    if (latin) {
      name = `${random.pick(EN_FIRST)} ${random.pick(EN_LAST)}`;
      lang = 'en';
    } else {
      const female = random.chance(0.45);
      const [first, patronymic] = random.pick(female ? RU_FEMALE : RU_MALE);
      const surname = random.pick(RU_SURNAMES)[female ? 1 : 0];
      const form = random.next();
      name = form < 0.4 ? `${first} ${patronymic}` : form < 0.8 ? `${surname} ${first} ${patronymic}` : `${first} ${surname}`;
      lang = 'ru';
    }
    const base = slug(name);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    const phone = lang === 'ru'
      ? `+7 9${random.int(10, 99)} ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`
      : `+1 ${random.int(200, 989)} ${random.int(200, 999)} ${random.int(1000, 9999)}`;
    const trade = random.chance(0.55) ? 'kitchen' : 'car';
    clients.push({ id, name, phone, lang, trade, calls: 0 });
  }
  return clients;
}

/** The shipped scripts (scripts/*.yaml): the trade's first call, sometimes the generic one. */
function firstScript(client, random) {
  const en = client.lang === 'en' ? '-en' : '';
  if (random.chance(0.15)) return `followup-first-call${en}`;
  return `${client.trade === 'kitchen' ? 'kitchen-furniture' : 'car-dealership'}${en}`;
}
/** The second call's script for a first call's script. */
const secondScript = (first) =>
  first.startsWith('followup-first-call') ? first.replace('first', 'second') : first.replace(/(-en)?$/, '-second$1');

/**
 * Generates the journal, calling write(text) with chunks of whole lines.
 * Returns counts and a sample client. Pure apart from `write`.
 */
export function generateJournal(options, write) {
  const size = options.size;
  const seed = options.seed ?? 1;
  const today = options.today ?? '2026-11-28';
  const random = makeRandom(seed);
  const clientCount = options.clients ?? Math.min(8000, Math.max(20, Math.ceil(size / 4)));
  const clients = makeClients(clientCount, random);

  // The last call ends this afternoon; the first one is spanDays before.
  const end = Date.parse(`${today}T15:00:00.000Z`);
  const spanDays = Math.min(3650, Math.max(7, Math.ceil(size / 400)));
  const start = end - spanDays * DAY_MS;
  const meanGap = (end - start) / Math.max(1, size);

  const followups = new Heap(); // { key: ms due, client, kind, script, flags }
  const resolutions = new Heap(); // { key: ms, flag }
  const openFlags = new Map(); // clientId → [flag ids]
  const stats = { calls: 0, flagEntries: 0, flags: 0, bytes: 0, clients: 0, outcomes: {} };

  let buffer = '';
  const emit = (entry) => {
    const line = `${JSON.stringify(entry)}\n`;
    buffer += line;
    stats.bytes += Buffer.byteLength(line);
    if (buffer.length > 1 << 20) {
      write(buffer);
      buffer = '';
    }
  };

  let t = start;
  let lastAt = 0;
  const nextInstant = (ms) => {
    const v = Math.max(Math.floor(ms), lastAt + 1);
    lastAt = v;
    return v;
  };

  for (let n = 0; n < size; n++) {
    t += Math.max(1000, random.exp(meanGap));
    if (n === size - 1) t = Math.max(t, end - 60_000);
    // Flags resolved by the owner before this call are written first: `at` stays ordered.
    while (resolutions.size > 0 && resolutions.peek().key < t) {
      const { flag, clientId } = resolutions.pop();
      const list = openFlags.get(clientId);
      if (!list?.includes(flag.id)) continue; // already settled in a call
      openFlags.set(clientId, list.filter((id) => id !== flag.id));
      const at = nextInstant(flag.resolveAt);
      const lang = flag.lang;
      emit({
        v: 1, type: 'flag', id: ulid(at, random), at: new Date(at).toISOString(), flag: flag.id, status: 'resolved',
        note: lang === 'ru' ? random.pick(['Мастер приезжал, отрегулировал', 'Заменили по гарантии', 'Клиент доволен']) : random.pick(['Fixed on site', 'Replaced under warranty', 'Client satisfied']),
      });
      stats.flagEntries++;
    }

    // A follow-up that has come due, or (mostly when none is due) a new purchase.
    let job;
    if (followups.size > 0 && followups.peek().key <= t && random.chance(0.85)) job = followups.pop();
    else {
      const client = clients[Math.floor(Math.pow(random.next(), 1.6) * clients.length)];
      job = { client, kind: 'first', script: firstScript(client, random), attempt: 0 };
    }
    const { client } = job;
    const lang = client.lang;
    const words = SAID[lang];
    const choice = CHOICES[lang];
    const salesperson = random.pick(SALESPEOPLE.filter((s) => s.lang === lang && (s.trade === 'any' || s.trade === client.trade)));

    const outcome = random.weighted([['completed', 70], ['no-answer', 12], ['call-back', 8], ['ended-early', 5], ['declined', 3], ['wrong-number', 2]]);
    stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
    const durationSec = outcome === 'no-answer' || outcome === 'wrong-number' ? random.int(5, 40) : outcome === 'call-back' ? random.int(15, 60) : random.int(90, 300);
    const endedAtMs = nextInstant(t);
    const startedAtMs = endedAtMs - durationSec * 1000;
    t = endedAtMs;

    const step = (id, answer, extra) => {
      const record = { id, goal: GOALS[lang][id] };
      if (answer !== undefined) record.answer = answer;
      if (random.chance(0.12)) record.note = random.pick(words.notes);
      return Object.assign(record, extra);
    };
    const steps = [];
    const flags = [];
    const gaps = [];
    let nextCall = null;
    if (outcome === 'call-back') steps.push(step('remind', choice.busy));
    else if (outcome !== 'no-answer' && outcome !== 'wrong-number') {
      steps.push(step('remind', random.chance(0.9) ? choice.remembers : choice.forgot));
      steps.push(step('how-it-went', random.pick(words.wentWell)));
      const flagged = random.chance(0.15 / 0.75); // ≈ 15 % of all calls: the share that gets this far
      steps.push(step('impression', flagged ? choice.question : choice.fine));
      if (flagged) {
        steps.push(step('acknowledge', random.pick(words.acknowledge), { handler: 'handle-question' }));
        steps.push(step('resolve', choice.handover, { handler: 'handle-question' }));
        const [text, owner, promise] = random.pick(words.flags);
        const due = isoDay(addDays(endedAtMs, random.int(1, 3), true));
        const flag = { id: ulid(startedAtMs + 60_000, random), step: 'impression', text, owner, promise, due, status: 'open' };
        flags.push(flag);
        stats.flags++;
        const list = openFlags.get(client.id) ?? [];
        list.push(flag.id);
        openFlags.set(client.id, list);
        if (random.chance(0.7)) {
          const resolveAt = Date.parse(`${due}T10:00:00.000Z`) + random.int(-36, 30) * 3_600_000;
          resolutions.push({ key: Math.max(resolveAt, endedAtMs + 3_600_000), flag: { id: flag.id, lang, resolveAt: Math.max(resolveAt, endedAtMs + 3_600_000) }, clientId: client.id });
        }
      }
      if (outcome !== 'ended-early') {
        steps.push(step('relatives', random.pick(words.relatives)));
        steps.push(step('support', undefined));
        const agreed = outcome === 'completed' && random.chance(0.92);
        steps.push(step('next-call', agreed ? 'yes' : 'no'));
        steps.push(step('goodbye', undefined));
      }
      if (random.chance(0.1)) gaps.push({ step: random.pick(['impression', 'relatives', 'support']), said: random.pick(words.gaps) });
    }

    // The next call: a retry after no answer / call back, the second call after a first one.
    const script = scriptRef(job.script);
    if (outcome === 'no-answer' || outcome === 'call-back') {
      if (job.attempt < 3) {
        const due = endedAtMs + (outcome === 'call-back' ? 2 : 20) * 3_600_000;
        nextCall = { date: isoDay(due), script: job.script, agreed: outcome === 'call-back', kind: 'retry' };
        followups.push({ key: due, client, kind: job.kind, script: job.script, attempt: job.attempt + 1 });
      }
    } else if ((outcome === 'completed' || outcome === 'ended-early') && job.kind !== 'third') {
      const second = job.kind === 'first';
      const nextScript = second ? secondScript(job.script) : job.script;
      const dueMs = addDays(endedAtMs, second ? 3 : 7, true);
      nextCall = { date: isoDay(dueMs), script: nextScript, agreed: outcome === 'completed', kind: 'next' };
      // Some follow-ups are never made: they stay overdue in the journal.
      if (random.chance(0.95)) followups.push({ key: dueMs + random.int(8, 10) * 3_600_000, client, kind: second ? 'second' : 'third', script: nextScript, attempt: 0 });
    }

    const reviewed = [];
    const pending = openFlags.get(client.id);
    if (pending?.length && job.kind !== 'first' && outcome === 'completed') {
      for (const flagId of pending) {
        const resolved = random.chance(0.6);
        reviewed.push(resolved ? { flag: flagId, status: 'resolved', note: lang === 'ru' ? 'Клиент подтвердил: всё исправили' : 'Client confirmed it is fixed' } : { flag: flagId, status: 'open' });
      }
      openFlags.set(client.id, pending.filter((id) => !reviewed.some((r) => r.flag === id && r.status === 'resolved')));
    }

    if (client.calls === 0) stats.clients++;
    client.calls++;
    const trade = PRODUCTS[client.trade];
    const product = (client.product ??= random.pick(trade[lang]));
    const summary = lang === 'ru'
      ? `${outcome === 'completed' ? 'Звонок состоялся' : outcome === 'no-answer' ? 'Не дозвонился' : outcome === 'call-back' ? 'Просил перезвонить' : 'Звонок прерван'}: ${client.name}, ${product}. ${flags.length ? `Открыт вопрос: ${flags[0].text} → ${flags[0].owner}, до ${flags[0].due}.` : 'Вопросов нет.'}${nextCall ? ` Следующий звонок ${nextCall.date}.` : ''}`
      : `${outcome === 'completed' ? 'Call completed' : outcome === 'no-answer' ? 'No answer' : outcome === 'call-back' ? 'Asked to call back' : 'Call ended'}: ${client.name}, ${product}. ${flags.length ? `Open issue: ${flags[0].text} → ${flags[0].owner}, due ${flags[0].due}.` : 'No issues.'}${nextCall ? ` Next call ${nextCall.date}.` : ''}`;

    const entry = {
      v: 1,
      type: 'call',
      id: ulid(endedAtMs, random),
      at: new Date(endedAtMs).toISOString(),
      client: {
        id: client.id, name: client.name, phone: client.phone, product,
        deliveredAt: new Date(startedAtMs - random.int(2, 6) * 3_600_000).toISOString(),
        script: nextCall?.script ?? job.script,
      },
      salesperson: salesperson.name,
      script,
      startedAt: new Date(startedAtMs).toISOString(),
      endedAt: new Date(endedAtMs).toISOString(),
      durationSec,
      outcome,
      steps,
      flags,
      gaps,
      summary,
      nextCall,
    };
    if (random.chance(0.2)) entry.note = random.pick(words.notes);
    if (reviewed.length) entry.reviewedFlags = reviewed;
    emit(entry);
    stats.calls++;
  }
  if (buffer) write(buffer);

  // The client with most calls among those whose name no one else has, so
  // `history <name>` finds exactly one.
  const namesakes = new Map();
  for (const c of clients) if (c.calls > 0) namesakes.set(c.name, (namesakes.get(c.name) ?? 0) + 1);
  let sample = clients[0];
  for (const c of clients) if (namesakes.get(c.name) === 1 && (namesakes.get(sample.name) !== 1 || c.calls > sample.calls)) sample = c;
  return {
    ...stats,
    size,
    seed,
    today,
    population: clientCount,
    sampleClient: { id: sample.id, name: sample.name, calls: sample.calls },
  };
}

function parseArgs(argv) {
  const options = { size: 1000, seed: 1, today: '2026-11-28', clients: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--size') options.size = Number(value());
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--today') options.today = value();
    else if (flag === '--clients') options.clients = Number(value());
    else if (flag === '--out' || flag === '-o') options.out = value();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: node bench/gen-journal.mjs --size N [--seed S] [--today YYYY-MM-DD] [--clients K] [--out FILE]\n');
      process.exit(0);
    } else throw new Error(`gen-journal: unknown option ${argv[i]}`);
  }
  if (!Number.isInteger(options.size) || options.size < 1) throw new Error('gen-journal: --size must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new Error('gen-journal: --today must be YYYY-MM-DD');
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  const fd = options.out ? openSync(options.out, 'w', 0o600) : 1;
  const started = performance.now();
  const stats = generateJournal(options, (text) => writeSync(fd, text));
  if (options.out) {
    closeSync(fd);
    writeFileSync(`${options.out}.meta.json`, `${JSON.stringify(stats, null, 2)}\n`);
  }
  process.stderr.write(
    `gen-journal: ${stats.calls} calls, ${stats.flagEntries} flag entries, ${stats.clients} clients, ` +
      `${(stats.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
