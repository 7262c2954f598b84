import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../src/errors.js';
import { listScripts, loadScript, loadScriptFile } from '../../src/script/index.js';
import { issuesOf, rules, scriptsDir, tempDir } from './helpers.js';

const BASE = `
id: base
title: Base call
language: en
target: 3m
vars: { company: Acme, product: kitchen }
next: { in: 3 days, script: base-second }
retry: { in: 2 hours }
owners: [senior assembler]
steps:
  - id: remind
    goal: Remind who you are
    say: "Hi, it's {{me.name}} from {{company}}."
    tone: Positive.
    ask: choice
    options:
      - label: Remembers
      - label: Has a question
        goto: question
  - id: middle
    say: How is the {{product}}?
  - id: goodbye
    say: Bye!
    outcome: completed
handlers:
  question:
    goal: A question
    steps:
      - id: acknowledge
        say: Which one?
        ask: text
      - id: answer
        say: Here is the answer.
  unused-later:
    steps:
      - { id: one, say: One. }
`;

async function load(files: Record<string, string>, id: string) {
  const dir = await scriptsDir(files);
  return loadScript(id, { scriptsDirs: [dir] });
}

const ids = (steps: { id: string }[]) => steps.map((s) => s.id);

describe('extends', () => {
  it('overrides only the fields a step gives', async () => {
    const s = await load({ base: BASE, child: 'id: child\nextends: base\nsteps:\n  - id: middle\n    say: How is the sofa?\n' }, 'child');
    expect(ids(s.steps)).toEqual(['remind', 'middle', 'goodbye']);
    expect(s.steps[1]).toMatchObject({ id: 'middle', say: 'How is the sofa?', ask: 'none' });
    expect(s.steps[0]!.tone).toBe('Positive.');
    expect(s.title).toBe('Base call');
    expect(s.source.files.map((f) => path.basename(f))).toEqual(['child.yaml', 'base.yaml']);
  });

  it('giving ask replaces the base options; giving options alone keeps ask', async () => {
    const s = await load(
      { base: BASE, child: 'id: child\nextends: base\nsteps:\n  - id: remind\n    ask: text\n' },
      'child',
    );
    expect(s.steps[0]).toMatchObject({ ask: 'text', say: "Hi, it's {{me.name}} from {{company}}." });
    expect(s.steps[0]!.options).toBeUndefined();
    const t = await load(
      { base: BASE, child: 'id: child\nextends: base\nsteps:\n  - id: remind\n    options:\n      - label: Yes\n' },
      'child',
    );
    expect(t.steps[0]).toMatchObject({ ask: 'choice', options: [{ label: 'Yes' }] });
  });

  it('places new steps with before/after, or after the previous overriding step', async () => {
    const child = `id: child
extends: base
steps:
  - id: first
    before: remind
    say: Before everything.
  - id: extra
    after: middle
    say: After the middle.
  - id: remind
    say: Hello again.
  - id: follows-remind
    say: Right after remind.
`;
    const s = await load({ base: BASE, child }, 'child');
    expect(ids(s.steps)).toEqual(['first', 'remind', 'follows-remind', 'middle', 'extra', 'goodbye']);
  });

  it('moves an existing step given before/after', async () => {
    const s = await load({ base: BASE, child: 'id: child\nextends: base\nsteps:\n  - id: middle\n    before: remind\n' }, 'child');
    expect(ids(s.steps)).toEqual(['middle', 'remind', 'goodbye']);
  });

  it('drops a step with remove: true', async () => {
    const s = await load({ base: BASE, child: 'id: child\nextends: base\nsteps:\n  - id: middle\n    remove: true\n' }, 'child');
    expect(ids(s.steps)).toEqual(['remind', 'goodbye']);
  });

  it('merges handlers by name: steps by id, new handlers added, remove: true drops', async () => {
    const child = `id: child
extends: base
handlers:
  question:
    steps:
      - id: acknowledge
        say: Thanks for telling me. Which one?
      - id: promise
        after: acknowledge
        say: I will find out.
  unused-later:
    remove: true
  complaint:
    steps:
      - { id: listen, say: Tell me. }
steps:
  - id: middle
    ask: choice
    options:
      - label: Fine
      - label: Complains
        goto: complaint
`;
    const s = await load({ base: BASE, child }, 'child');
    expect(Object.keys(s.handlers).sort()).toEqual(['complaint', 'question']);
    expect(ids(s.handlers.question!.steps)).toEqual(['acknowledge', 'promise', 'answer']);
    expect(s.handlers.question!.steps[0]).toMatchObject({ say: 'Thanks for telling me. Which one?', ask: 'text' });
    expect(s.handlers.question!.goal).toBe('A question');
  });

  it('merges vars and next by key, replaces owners, inherits pattern and call', async () => {
    const child = `id: child
extends: base
vars: { product: sofa }
next: { script: child-second }
owners: [delivery service]
`;
    const s = await load({ base: BASE.replace('target: 3m', 'target: 3m\npattern: seven-steps\ncall: first'), child }, 'child');
    expect(s.vars).toEqual({ company: 'Acme', product: 'sofa' });
    expect(s.next).toEqual({ in: { amount: 3, unit: 'days', text: '3 days' }, script: 'child-second' });
    expect(s.owners).toEqual(['delivery service']);
    expect(s.pattern).toBe('seven-steps');
    expect(s.call).toBe('first');
  });

  it('reports remove/placement of missing steps, both before and after, and ops without extends', async () => {
    const child = `id: child
extends: base
steps:
  - id: nothing
    remove: true
  - id: new
    after: nowhere
  - id: both
    before: remind
    after: middle
`;
    expect(rules(await issuesOf({ base: BASE, child }, 'child'))).toEqual(
      expect.arrayContaining(['extends.removeMissing', 'extends.placeMissing', 'extends.placeBoth']),
    );
    const lone = BASE.replace('  - id: middle\n', '  - id: middle\n    after: remind\n');
    expect(rules(await issuesOf({ base: lone }, 'base'))).toContain('extends.opWithoutExtends');
  });

  it('reports a missing base with a suggestion, a cycle, and errors in the base', async () => {
    const missing = await issuesOf({ base: BASE, child: 'id: child\ntitle: C\nlanguage: en\nextends: bsae\n' }, 'child');
    expect(missing).toMatchObject([{ rule: 'extends.missing', line: 4, col: 10, hint: "did you mean 'base'?" }]);

    const cycle = await issuesOf({ a: 'id: a\nextends: b\n', b: 'id: b\nextends: c\n', c: 'id: c\nextends: a\n' }, 'a');
    const cycleIssue = cycle.find((i) => i.rule === 'extends.cycle')!;
    expect(cycleIssue.message).toContain('a.yaml → b.yaml → c.yaml → a.yaml');

    const broken = await issuesOf({ base: BASE.replace('say: Bye!', 'sya: Bye!'), child: 'id: child\nextends: base\n' }, 'child');
    // Sorted by file: the base's own issue, then the child's.
    expect(rules(broken)).toEqual(['key.unknown', 'extends.baseInvalid']);
    expect(broken[0]!.file).toMatch(/base\.yaml$/);
  });

  it('a script extending its own id gets the next one down the search path', async () => {
    const builtin = await scriptsDir({ base: BASE });
    const user = await scriptsDir({ base: 'id: base\nextends: base\nvars: { company: My shop }\n' });
    const s = await loadScript('base', { scriptsDirs: [user, builtin] });
    expect(s.vars.company).toBe('My shop');
    expect(s.source.files).toEqual([path.join(user, 'base.yaml'), path.join(builtin, 'base.yaml')]);
  });

  it("a user's script with a built-in's id overrides it (listed once, with what it overrides)", async () => {
    const builtin = await scriptsDir({ base: BASE });
    const user = await scriptsDir({ base: BASE.replace('title: Base call', 'title: My base') });
    const listing = await listScripts({ scriptsDirs: [user, builtin], origins: { [user]: 'user', [builtin]: 'builtin' } });
    expect(listing).toEqual([
      {
        id: 'base',
        title: 'My base',
        language: 'en',
        file: path.join(user, 'base.yaml'),
        origin: 'user',
        overrides: { file: path.join(builtin, 'base.yaml'), origin: 'builtin' },
      },
    ]);
    expect((await loadScript('base', { scriptsDirs: [user, builtin] })).title).toBe('My base');
  });

  it('the version is a content hash: same for reformatted YAML, different for changed words', async () => {
    const a = await load({ base: BASE }, 'base');
    const reformatted = BASE.replace('next: { in: 3 days, script: base-second }', 'next:\n  script: base-second\n  in: 3 days   # comment');
    const b = await load({ base: reformatted }, 'base');
    const c = await load({ base: BASE.replace('Bye!', 'Goodbye!') }, 'base');
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
    expect(b.version).toBe(a.version);
    expect(c.version).not.toBe(a.version);
  });

  it('loadScript throws a ScriptError carrying every issue; an unknown id is NotFound with a suggestion', async () => {
    const dir = await scriptsDir({ base: BASE.replace('say: Bye!', 'sya: Bye!').replace('title: Base call', 'titel: x') });
    const error = await loadScript('base', { scriptsDirs: [dir] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as ScriptError).issues.map((i) => i.message)).toEqual(["unknown key 'titel'", "unknown key 'sya'"]);
    await expect(loadScript('bsae', { scriptsDirs: [dir] })).rejects.toThrow("no script 'bsae' on the search path");
    await expect(loadScriptFile(path.join(await tempDir(), 'none.yaml'), { scriptsDirs: [dir] })).rejects.toThrow('file not found');
  });
});
