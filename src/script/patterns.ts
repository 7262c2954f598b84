// Name patterns of the script format, apart from the schema so that code
// which only checks a name (`scripts new`) does not load zod.

/** Step ids, handler names and script ids: they appear in the journal, in
 * answers files (`handler.step`) and in file names, so plain ASCII. */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
/** Names usable as {{name}} in templates. */
export const VAR_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
