// Fills a step's words with the client's, the salesperson's and the script's
// values. The names a call offers are the ones the script loader checks.
import { formatDate } from '../i18n/dates.js';
import type { Lang } from '../i18n/catalog.js';
// From templates.ts rather than the script index: the engine must not pull in
// the loader's file and YAML code.
import { renderTemplate, type TemplateVars } from '../script/templates.js';
import type { CallState } from './types.js';

/** The script's language when the engine speaks it, else the interface's. */
export function scriptLang(state: CallState): Lang {
  const language = state.input.script.language?.toLowerCase().slice(0, 2);
  return language === 'ru' || language === 'en' ? language : state.input.lang;
}

export function templateVars(state: CallState, nextDay: string | undefined): TemplateVars {
  const { client, me, script, calendar } = state.input;
  const lang = scriptLang(state);
  const clientVars: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(client)) {
    if (typeof value === 'string' || typeof value === 'number') clientVars[key] = String(value);
  }
  // English scripts greet by first name ({{client.firstName | client.name}});
  // when none was recorded, the name's first word is it ("Andrew Johnson").
  if (!clientVars.firstName && client.name) clientVars.firstName = client.name.trim().split(/\s+/)[0];
  if (client.deliveredAt) clientVars.deliveredAt = formatDate(client.deliveredAt, 'day', lang, calendar.timeZone);
  return {
    client: clientVars,
    me: { name: me.name, company: me.company, phone: me.phone },
    vars: { ...script.vars },
    ...(nextDay ? { next: { date: formatDate(nextDay, 'day', lang, calendar.timeZone) } } : {}),
  };
}

export function fill(text: string | undefined, vars: TemplateVars): string | undefined {
  return text === undefined ? undefined : renderTemplate(text, vars);
}
