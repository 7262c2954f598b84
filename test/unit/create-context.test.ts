import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { createContext } from '../../src/create-context.js';

function homeWithConfig(text: string): string {
  const home = mkdtempSync(path.join(tmpdir(), 'followup-ctx-'));
  writeFileSync(path.join(home, 'config.yaml'), text);
  return home;
}

describe('createContext', () => {
  it('puts journal, drafts and config in --home and reads the config there', async () => {
    const home = homeWithConfig('name: Сергей Ларин\nlanguage: ru\ntimeZone: Europe/Moscow\n');
    const ctx = await createContext({ home }, {});
    expect(ctx.journal).toBe(path.join(home, 'journal.jsonl'));
    expect(ctx.draftsDir).toBe(path.join(home, 'drafts'));
    expect(ctx.config.name).toBe('Сергей Ларин');
    expect(ctx.lang).toBe('ru');
    expect(ctx.timeZone).toBe('Europe/Moscow');
  });

  it('refuses a broken config for ordinary commands', async () => {
    const home = homeWithConfig('language: de\n');
    await expect(createContext({ home }, {})).rejects.toThrow(ConfigError);
  });

  it('lets `config` commands run on a broken config so they can repair it, with a warning', async () => {
    const home = homeWithConfig('language: de\n');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const ctx = await createContext({ home, lenientConfig: true }, {});
    expect(ctx.config).toEqual({});
    expect(write).toHaveBeenCalledWith(expect.stringContaining('config.yaml:1:11'));
  });

  it('starts the clock at FOLLOWUP_NOW and lets it run on', async () => {
    const home = homeWithConfig('');
    const ctx = await createContext({ home }, { FOLLOWUP_NOW: '2026-11-27T14:05:00Z' });
    const now = ctx.now().getTime();
    expect(now).toBeGreaterThanOrEqual(Date.parse('2026-11-27T14:05:00Z'));
    expect(now - Date.parse('2026-11-27T14:05:00Z')).toBeLessThan(5_000);
  });
});

describe('createContext: the time zone', () => {
  it('refuses a zone nobody knows in the config, naming the file and the fix', async () => {
    const home = homeWithConfig('timeZone: Europe/Moskva\n');
    const error = await createContext({ home }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`${path.join(home, 'config.yaml')}: "Europe/Moskva" is not a time zone`);
    expect((error as ConfigError).hint).toBe('set it with: followup config set timeZone Europe/Moscow');
  });

  it('says so in Russian, and names FOLLOWUP_TZ when the zone came from there', async () => {
    const home = homeWithConfig('language: ru\n');
    const error = await createContext({ home }, { FOLLOWUP_TZ: 'Луна/Море' }).catch((e: unknown) => e);
    expect((error as ConfigError).message).toBe('FOLLOWUP_TZ: «Луна/Море» — не часовой пояс');
  });

  it('lets `config` commands run, on the system zone, with a warning', async () => {
    const home = homeWithConfig('timeZone: Europe/Moskva\n');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const ctx = await createContext({ home, lenientConfig: true }, { TZ: 'Asia/Tokyo' });
    expect(ctx.timeZone).toBe('Asia/Tokyo');
    expect(write).toHaveBeenCalledWith(expect.stringContaining('"Europe/Moskva" is not a time zone'));
  });

  it('uses the system zone when neither the config nor FOLLOWUP_TZ names one', async () => {
    const ctx = await createContext({ home: homeWithConfig('') }, { TZ: 'America/Sao_Paulo' });
    expect(ctx.timeZone).toBe('America/Sao_Paulo');
  });
});
