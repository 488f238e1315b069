import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/helpers/cli.js';

// `tsunagu tracking check` as a warehouse script would call it: the exit status separates
// valid from invalid numbers, and the message gives the reason in the user's language.

function run(argv: string[], lang = 'en_US.UTF-8') {
  return runCliCaptured(argv, { LANG: lang });
}

describe('tracking check command', () => {
  it('exits 0 for a valid number of each carrier', async () => {
    for (const [number, carrier] of [['444413758703', 'yamato'], ['512547514334', 'sagawa'], ['4055-4842-4886', 'japanpost'], ['EE123456785JP', 'japanpost']]) {
      const result = await run(['tracking', 'check', number!, '--carrier', carrier!]);
      expect(result.status, number).toBe(0);
      expect(result.stdout).toContain('valid');
    }
  });

  it('exits 1 with the reason for a wrong digit', async () => {
    const english = await run(['tracking', 'check', '444413758704', '--carrier', 'yamato']);
    expect(english.status).toBe(1);
    expect(english.stderr).toContain('it should be 3');

    const japanese = await run(['tracking', 'check', '444413758704', '--carrier', 'yamato'], 'ja_JP.UTF-8');
    expect(japanese.stderr).toContain('正しくは 3');
  });

  it('exits 1 for a number of the wrong shape', async () => {
    const result = await run(['tracking', 'check', 'EE123456785JP', '--carrier', 'sagawa']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Enter 12 digits');
  });

  it('exits 2 without a known carrier', async () => {
    expect((await run(['tracking', 'check', '444413758703'])).status).toBe(2);
    expect((await run(['tracking', 'check', '444413758703', '--carrier', 'fedex'])).status).toBe(2);
  });
});
