// The malformed-script corpus (test/fixtures/scripts-bad): what each file must
// be refused for, on which line, and whether the JSON Schema alone rejects it
// ('schema'), YAML can't even be read ('yaml'), or only the loader's checks
// catch it ('semantic').
export type Kind = 'yaml' | 'schema' | 'semantic';
export interface Expectation {
  rule: string;
  line?: number;
  /** A fragment of the message or hint that tells the trainer how to fix it. */
  says: string;
  kind: Kind;
}

export const CORPUS: Record<string, Expectation> = {
  'alias-bomb.yaml': { rule: 'file.aliases', line: 6, says: 'alias bomb', kind: 'yaml' },
  'bad-ask.yaml': { rule: 'value.enum', line: 8, says: "did you mean 'choice'?", kind: 'schema' },
  'bad-duration-flag.yaml': { rule: 'duration.bad', line: 9, says: "'tomorrow' is not a duration", kind: 'schema' },
  'bad-duration.yaml': { rule: 'duration.bad', line: 5, says: "'3 dayz' is not a duration", kind: 'schema' },
  'bad-id.yaml': { rule: 'id.format', line: 2, says: 'is not a valid id', kind: 'schema' },
  'bad-language.yaml': { rule: 'language.format', line: 4, says: 'two-letter code', kind: 'schema' },
  'bad-outcome.yaml': { rule: 'value.enum', line: 8, says: "did you mean 'completed'?", kind: 'schema' },
  'bad-target.yaml': { rule: 'target.bad', line: 5, says: 'is not a call length', kind: 'schema' },
  'bad-var-name.yaml': { rule: 'var.format', line: 6, says: 'cannot be a variable name', kind: 'schema' },
  'before-without-extends.yaml': { rule: 'extends.opWithoutExtends', line: 9, says: 'only works in a script that extends', kind: 'semantic' },
  'binary.yaml': { rule: 'file.binary', line: 3, says: 'binary file', kind: 'yaml' },
  'call-back-without-retry.yaml': { rule: 'schedules.needsRetry', line: 11, says: 'retry: { in: 2 hours }', kind: 'semantic' },
  'choice-without-options.yaml': { rule: 'options.missing', line: 8, says: 'ask: choice but no options', kind: 'semantic' },
  'cycle-a.yaml': { rule: 'extends.baseInvalid', line: 5, says: "the base script 'cycle-b' has errors", kind: 'semantic' },
  'cycle-b.yaml': { rule: 'extends.cycle', line: 5, says: 'cycle-b.yaml → cycle-a.yaml → cycle-b.yaml', kind: 'semantic' },
  'dangling-goto.yaml': { rule: 'goto.missing', line: 12, says: "did you mean 'handle-question'?", kind: 'semantic' },
  'deep-nesting.yaml': { rule: 'file.tooDeep', line: 3, says: 'nested more than', kind: 'yaml' },
  'duplicate-option-label.yaml': { rule: 'option.duplicate', line: 11, says: "labelled 'Remembers'", kind: 'semantic' },
  'duplicate-step-id.yaml': { rule: 'step.duplicate', line: 8, says: "two steps have the id 'remind'", kind: 'semantic' },
  'duplicate-yaml-key.yaml': { rule: 'yaml.duplicateKey', line: 8, says: 'given twice', kind: 'yaml' },
  'empty-steps-id.yaml': { rule: 'id.format', line: 6, says: "'how it went' is not a valid id", kind: 'schema' },
  'empty.yaml': { rule: 'file.empty', says: 'the file is empty', kind: 'yaml' },
  'endless-loop.yaml': { rule: 'flow.endlessLoop', line: 6, says: 'loop with no way out: ask → again', kind: 'semantic' },
  'extends-missing.yaml': { rule: 'extends.missing', line: 5, says: "did you mean 'followup-first-call'?", kind: 'semantic' },
  'key-typo-option.yaml': { rule: 'key.unknown', line: 11, says: "unknown key 'lable' — did you mean 'label'?", kind: 'schema' },
  'key-typo-step.yaml': { rule: 'key.unknown', line: 7, says: "unknown key 'sya' — did you mean 'say'?", kind: 'schema' },
  'key-typo-top.yaml': { rule: 'key.unknown', line: 3, says: "unknown key 'titel' — did you mean 'title'?", kind: 'schema' },
  'missing-step-id.yaml': { rule: 'key.missing', line: 6, says: "a step needs 'id'", kind: 'schema' },
  'missing-title.yaml': { rule: 'required.missing', line: 2, says: "the script has no 'title'", kind: 'semantic' },
  'multiple-documents.yaml': { rule: 'yaml.multipleDocs', line: 8, says: 'more than one YAML document', kind: 'yaml' },
  'not-a-mapping.yaml': { rule: 'file.notMapping', line: 2, says: 'must be a YAML mapping', kind: 'schema' },
  'only-comments.yaml': { rule: 'file.empty', says: 'the file is empty', kind: 'yaml' },
  'options-without-ask.yaml': { rule: 'options.unused', line: 8, says: 'has options but ask: none', kind: 'semantic' },
  'placement-missing.yaml': { rule: 'extends.placeMissing', line: 7, says: "there is no step 'supprot'", kind: 'semantic' },
  'remove-missing.yaml': { rule: 'extends.removeMissing', line: 6, says: "no step 'smalltalk'", kind: 'semantic' },
  'remove-true-false.yaml': { rule: 'type.wrong', line: 7, says: 'must be true, not false', kind: 'schema' },
  'reserved-var.yaml': { rule: 'var.reserved', line: 6, says: "'client' cannot be a variable name", kind: 'semantic' },
  'scale-range.yaml': { rule: 'scale.range', line: 9, says: 'must be less than max', kind: 'semantic' },
  'schedules-without-next.yaml': { rule: 'schedules.needsNext', line: 9, says: 'has no `next`', kind: 'semantic' },
  'self-extends.yaml': { rule: 'extends.cycle', line: 5, says: 'circle', kind: 'semantic' },
  'unclosed-template.yaml': { rule: 'template.unclosed', line: 7, says: "without a closing '}}'", kind: 'semantic' },
  'unknown-key.yaml': { rule: 'key.unknown', line: 8, says: "unknown key 'colour'", kind: 'schema' },
  'unknown-template.yaml': { rule: 'template.unknown', line: 7, says: 'did you mean {{client.name}}?', kind: 'semantic' },
  'unknown-var-template.yaml': { rule: 'template.unknown', line: 9, says: 'did you mean {{company}}?', kind: 'semantic' },
  'unquoted-template.yaml': { rule: 'yaml.templateUnquoted', line: 7, says: 'must be quoted', kind: 'yaml' },
  'windows-1251.yaml': { rule: 'file.encoding', line: 1, says: 'not valid UTF-8', kind: 'yaml' },
  'wrong-type-say.yaml': { rule: 'type.textMap', line: 7, says: 'quote the text', kind: 'schema' },
  'wrong-type-scale.yaml': { rule: 'type.wrong', line: 9, says: 'must be a number, not text', kind: 'schema' },
  'wrong-type-steps.yaml': { rule: 'type.wrong', line: 5, says: "'steps' must be a list, not text", kind: 'schema' },
  'yaml-syntax.yaml': { rule: 'yaml.syntax', line: 7, says: 'Missing closing "quote', kind: 'yaml' },
  'yaml-tabs.yaml': { rule: 'yaml.tabs', line: 6, says: 'indent with spaces', kind: 'yaml' },
  'yesno-option-label.yaml': { rule: 'options.yesnoLabel', line: 12, says: "labelled 'maybe'", kind: 'semantic' },
};
