// The settings file's error, in a module of its own so that code which only
// needs to recognise it (the context's lenient mode) loads no YAML parser.
import { FollowupError } from '../errors.js';

export class ConfigError extends FollowupError {}
