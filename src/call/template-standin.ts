// TEMPORARY stand-in for src/script's renderTemplate until it lands; same
// signature. Deleted when the engine switches to the real one.
export interface TemplateVars {
  client: Record<string, string | undefined>;
  me: Record<string, string | undefined>;
  vars: Record<string, string>;
  next?: { date?: string };
}

export function renderTemplate(text: string, vars: TemplateVars): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    const [head, key] = name.includes('.') ? (name.split('.', 2) as [string, string]) : ['', name];
    let value: string | undefined;
    if (head === 'client') value = vars.client[key];
    else if (head === 'me') value = vars.me[key];
    else if (head === 'vars' || head === '') value = vars.vars[key];
    else if (head === 'next' && key === 'date') value = vars.next?.date;
    return value ?? whole;
  });
}
