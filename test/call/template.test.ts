import { describe, expect, it } from 'vitest';
import { startCall } from '../../src/call/index.js';
import { fill, templateVars } from '../../src/call/template.js';
import { input } from './fixtures.js';

describe('template values of a call', () => {
  it("greets by the name's first word when no first name was recorded", () => {
    const state = startCall(input({ client: { id: 'andrew-johnson', name: 'Andrew  Johnson' } }));
    expect(fill('Hi {{client.firstName | client.name}}!', templateVars(state, undefined))).toBe('Hi Andrew!');
  });

  it('keeps a first name that was recorded', () => {
    const state = startCall(input({ client: { id: 'a-j', name: 'A. Johnson', firstName: 'Andy' } }));
    expect(fill('Hi {{client.firstName | client.name}}!', templateVars(state, undefined))).toBe('Hi Andy!');
  });

  it('formats the next date in the script language and the user time zone', () => {
    const state = startCall(input());
    expect(fill('Till {{next.date}}', templateVars(state, '2026-11-30'))).toBe('Till Mon 30 Nov');
  });
});
