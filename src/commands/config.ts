// PLACEHOLDER until its owner lands the real command.
import type { Context } from '../context.js';
import { FollowupError } from '../errors.js';

export async function run(_ctx: Context, _options: unknown): Promise<number> {
  throw new FollowupError('`config` is not built yet');
}
