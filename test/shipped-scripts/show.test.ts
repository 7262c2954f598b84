// `followup scripts show kitchen-furniture`, run through the built CLI, reads
// like the chapter's kitchen call: its lines, its stage directions, in its
// order, with the question and the mother-in-law handled on the side.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './shipped.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'followup-show-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function show(id: string, lang: 'en' | 'ru'): string {
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'bin/followup.js'), '--lang', lang, 'scripts', 'show', id], {
    env: { ...process.env, FOLLOWUP_HOME: home, FOLLOWUP_SCRIPTS: '', NO_COLOR: '1', LANG: 'C.UTF-8' },
    encoding: 'utf8',
  });
  // Lines are wrapped to the terminal: compare the words, not the line breaks.
  return out.replace(/\s+/g, ' ');
}

/** Each piece appears, after the one before it. */
function expectInOrder(text: string, pieces: string[]): void {
  let from = 0;
  for (const piece of pieces) {
    const at = text.indexOf(piece, from);
    expect(at, `"${piece}" missing or out of order`).toBeGreaterThanOrEqual(0);
    from = at + piece.length;
  }
}

describe('scripts show kitchen-furniture', () => {
  it('reads like the chapter’s kitchen call', () => {
    // As a Russian-speaking salesperson sees it.
    const text = show('kitchen-furniture', 'ru');
    const sample = /client\.name = ([^,]+), me\.name = ([^,]+),/.exec(text);
    expect(sample, 'the sample values line').not.toBeNull();
    const [, client, me] = sample!;
    expectInOrder(text, [
      `${client}? … Добрый день! Это ваш менеджер, ${me} из «Глория фурнитура», вам сегодня привезли ваш гарнитур! Ещё помните меня?`,
      'Позитивно, слегка с юмором.',
      'Звоню просто поинтересоваться, как установили, всё ли хорошо?',
      'Как быстро собрали? Каково первое впечатление о гарнитуре уже у вас дома, в домашнем интерьере?',
      'услышали — сделали принятие — уточнили — ответили',
      'Кому-то гарнитур уже показывали? Что сказали родственники (знакомые, соседи)?',
      'Знаете, приходила тёща, ей не очень понравился цвет…',
      `${client}, если у вас будут любые вопросы по мебели вообще, пожалуйста, звоните мне, всегда буду рад!`,
      `${client}, я позвоню ещё через пару дней, может, появятся какие-то ещё вопросы, хорошо?`,
      `Всего хорошего, ${client}! До связи!`,
      // The question: heard → acknowledge → clarify → answer, taken on for the senior assembler.
      'Хорошо, что сказали! А какая именно створка',
      'Присоединение + уточнение.',
      'Вторая справа, у сушки, широкая…',
      'И что с ней?',
      'открывалась на 180 градусов, а она открывается только на 90',
      'Нужен старший мастер по сборке',
      'старший мастер по сборке, срок — 1 день',
      'Давайте поступим так: я свяжусь со старшим мастером по сборке, проясню ситуацию, после чего он свяжется с вами',
      // The mother-in-law: clarify → compliment → support the choice → move on.
      'Ясно. И что именно в цвете не понравилось',
      'выбрали слишком тёмный, грусть навевает',
      `Вы знаете, ${client}, у меня тоже есть тёща, я уважаю её мнение, так же как и вы.`,
      'Комплимент',
      'Вам жить в этой квартире, вам в ней должно быть уютно, и цвет понравился именно вам!',
      'обнимите тёщу за то, что она так вас любит и беспокоится!',
      'Поддержка выбора — и сразу продолжайте дальше.',
    ]);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).toContain('kitchen-furniture-second');
  });

  it('shows the English kitchen call with the same flag and the hug for the mother-in-law', () => {
    const text = show('kitchen-furniture-en', 'en');
    expectInOrder(text, [
      'from Gloria Furniture — your new kitchen was delivered today! Remember me?',
      'Glad you told me! Which door is it?',
      'Needs the senior assembler',
      'senior assembler, due in 1 day',
      'give your mother-in-law a hug',
    ]);
    expect(text).not.toMatch(/\{\{|\}\}/);
  });
});
