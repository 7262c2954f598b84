import { describe, expect, it } from 'vitest';
import { checkTemplate, knownNames, renderTemplate, type TemplateVars } from '../../src/script/index.js';

const vars: TemplateVars = {
  client: { name: 'Андрей Иванович', phone: '+7 916 000-00-00', firstName: undefined },
  me: { name: 'Сергей Ларин', company: '«Глория»' },
  vars: { company: '«Глория фурнитура»', product: 'гарнитур' },
  next: { date: 'вт, 1 дек.' },
};

describe('renderTemplate', () => {
  it('fills client, me, vars by bare name and vars.*, next.date', () => {
    expect(renderTemplate('{{client.name}}? Это {{ me.name }} из {{company}}, ваш {{vars.product}}. До {{next.date}}', vars)).toBe(
      'Андрей Иванович? Это Сергей Ларин из «Глория фурнитура», ваш гарнитур. До вт, 1 дек.',
    );
  });
  it('falls back through alternatives and literals', () => {
    expect(renderTemplate('{{client.firstName | client.name}}', vars)).toBe('Андрей Иванович');
    expect(renderTemplate('Hi {{client.firstName | "there"}}!', vars)).toBe('Hi there!');
  });
  it('keeps a missing value visible instead of a blank', () => {
    expect(renderTemplate('Call {{client.product}}', vars)).toBe('Call [client.product]');
  });
  it('leaves text without templates and malformed ones as written', () => {
    expect(renderTemplate('no templates', vars)).toBe('no templates');
    expect(renderTemplate('a {{}} b {{client.name', vars)).toBe('a {{}} b {{client.name');
  });
});

describe('checkTemplate', () => {
  const names = new Set(knownNames(['company', 'product']));
  it('accepts every name a call has', () => {
    const text = '{{client.name}} {{client.firstName}} {{client.phone}} {{client.product}} {{client.deliveredAt}} {{me.name}} {{me.company}} {{me.phone}} {{next.date}} {{company}} {{vars.product}}';
    expect(checkTemplate(text, names)).toEqual([]);
  });
  it('reports unknown names, including in fallbacks', () => {
    expect(checkTemplate('{{client.nmae}}', names)).toMatchObject([{ kind: 'unknown', name: 'client.nmae', offset: 0 }]);
    expect(checkTemplate('x {{client.firstName | clinet.name}}', names)).toMatchObject([{ kind: 'unknown', name: 'clinet.name', offset: 2 }]);
    expect(checkTemplate('{{vars.colour}}', names)).toMatchObject([{ kind: 'unknown', name: 'vars.colour' }]);
  });
  it('reports unclosed and empty templates', () => {
    expect(checkTemplate('Hello {{client.name', names)).toMatchObject([{ kind: 'unclosed', offset: 6 }]);
    expect(checkTemplate('Hello {{ }}', names)).toMatchObject([{ kind: 'empty', offset: 6 }]);
  });
});
