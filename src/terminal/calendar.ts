// The salesperson's calendar for the call engine: zone, working days, days off
// and call hours, from the settings.
import type { CallCalendar } from '../call/types.js';
import { DEFAULT_WORKING_DAYS } from '../config/defaults.js';
import type { Context } from '../context.js';

export function calendarOf(ctx: Pick<Context, 'timeZone' | 'config'>): CallCalendar {
  return {
    timeZone: ctx.timeZone,
    workingDays: ctx.config.workingDays ?? DEFAULT_WORKING_DAYS,
    daysOff: ctx.config.daysOff ?? [],
    ...(ctx.config.callHours ? { callHours: ctx.config.callHours } : {}),
  };
}
