import { describe, expect, it } from 'vitest';
import { issuesOf, rules } from './helpers.js';

const head = 'id: s\ntitle: S\nlanguage: en\nretry: { in: 2 hours }\n';

describe('goto and the flow', () => {
  it('accepts goto to a later step, to a handler, and a loop that has a way out', async () => {
    const script = `${head}steps:
  - id: ask
    say: Question?
    ask: choice
    options:
      - label: Again
        goto: ask
      - label: Help
        goto: help
      - label: Skip
        goto: bye
      - label: Fine
  - id: middle
    say: Middle.
  - id: bye
    say: Bye.
    outcome: completed
handlers:
  help:
    steps:
      - { id: listen, say: Tell me., ask: text }
`;
    expect(await issuesOf({ s: script }, 's')).toEqual([]);
  });

  it('reports a dangling goto with a suggestion, at its line', async () => {
    const script = `${head}steps:
  - id: ask
    say: Q?
    goto: byee
  - id: bye
    say: Bye.
    outcome: completed
`;
    const issues = await issuesOf({ s: script }, 's');
    expect(issues).toMatchObject([{ rule: 'goto.missing', line: 8, col: 11, hint: "did you mean 'bye'?" }]);
  });

  it('reports a name that is both a step and a handler', async () => {
    const script = `${head}steps:
  - id: help
    say: Q?
    goto: help
  - id: bye
    say: Bye.
    outcome: completed
handlers:
  help:
    steps: [{ id: x, say: X. }]
`;
    expect(rules(await issuesOf({ s: script }, 's'))).toContain('goto.ambiguous');
  });

  it('warns about unreachable steps and unused handlers', async () => {
    const script = `${head}steps:
  - id: ask
    say: Q?
    goto: bye
  - id: skipped
    say: Never said.
  - id: bye
    say: Bye.
    outcome: completed
handlers:
  lonely:
    steps: [{ id: x, say: X. }]
`;
    const issues = await issuesOf({ s: script }, 's');
    expect(issues.map((i) => [i.rule, i.severity, i.line])).toEqual([
      ['flow.unreachable', 'warning', 9],
      ['flow.handlerUnused', 'warning', 15],
    ]);
  });

  it('reports a loop with no way out as an error, in the main steps and in a handler', async () => {
    const main = `${head}steps:
  - id: a
    say: A.
    goto: b
  - id: b
    say: B.
    goto: a
  - id: bye
    say: Bye.
    outcome: completed
`;
    const issues = await issuesOf({ s: main }, 's');
    expect(issues.find((i) => i.rule === 'flow.endlessLoop')).toMatchObject({ severity: 'error', line: 6, message: 'these steps loop with no way out: a → b' });

    const handler = `${head}steps:
  - id: a
    say: A.
    goto: h
  - id: bye
    say: Bye.
    outcome: completed
handlers:
  h:
    steps:
      - { id: x, say: X., goto: y }
      - { id: y, say: Y., goto: x }
`;
    const inHandler = await issuesOf({ s: handler }, 's');
    expect(inHandler.filter((i) => i.rule === 'flow.endlessLoop').map((i) => i.message)).toEqual([
      'these steps loop with no way out: a',
      'these steps loop with no way out: x → y',
    ]);
  });

  it('a handler that ends the call or leaves for a main step is a way out', async () => {
    const script = `${head}steps:
  - id: a
    say: A.
    goto: h
  - id: b
    say: B.
    goto: a
handlers:
  h:
    steps:
      - id: x
        say: X.
        ask: choice
        options:
          - { label: End, outcome: declined }
          - { label: Leave, goto: c }
  `;
    const withExit = script.replace('steps:\n  - id: a', 'steps:\n  - id: a').concat('');
    const issues = await issuesOf({ s: withExit.replace('  - id: b\n    say: B.\n    goto: a\n', '  - id: b\n    say: B.\n    goto: a\n  - id: c\n    say: C.\n    outcome: completed\n') }, 's');
    expect(rules(issues)).not.toContain('flow.endlessLoop');
  });
});
