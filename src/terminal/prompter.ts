// The one prompt adapter. Every question the program asks goes through a
// Prompter: the inquirer one on a terminal, the scripted one for
// `--answers` files and tests. Each question carries a `key` that names what
// is asked (`step:remind`, `note:remind`, `pickup`, …): the inquirer prompter
// ignores it, the scripted prompter answers by it.

export interface Choice<T> {
  value: T;
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** What stays on screen after the choice is made (default: name). */
  short?: string;
  disabled?: boolean | string;
}
/** A line between groups of choices. */
export interface ChoiceSeparator {
  separator: string;
}
export type ChoiceItem<T> = Choice<T> | ChoiceSeparator;

export const isSeparator = <T>(item: ChoiceItem<T>): item is ChoiceSeparator => 'separator' in item;

export interface Question {
  /** What is asked, for scripted answers and error messages: `step:remind`, `pickup`, … */
  key: string;
  message: string;
}

export interface SelectQuestion<T> extends Question {
  choices: ChoiceItem<T>[];
  default?: T;
  pageSize?: number;
}

export interface InputQuestion extends Question {
  default?: string;
  /** 'editable' puts the default in the line for editing (prefilled forms). */
  prefill?: 'tab' | 'editable';
  required?: boolean;
  /** true, or the message to show (the answer is asked again). */
  validate?: (value: string) => true | string;
  /** How the typed text shows while typing and once done (e.g. a parsed date beside it). */
  transformer?: (value: string, state: { isFinal: boolean }) => string;
}

export interface ConfirmQuestion extends Question {
  default?: boolean;
}

export interface Prompter {
  select<T>(question: SelectQuestion<T>): Promise<T>;
  input(question: InputQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Multi-line text in $VISUAL/$EDITOR. */
  editor(question: InputQuestion): Promise<string>;
}
