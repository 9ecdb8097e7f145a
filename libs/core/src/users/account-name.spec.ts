import { accountNameKey, accountNameProblem } from './account-name';

describe('account names: one name, one account', () => {
  it('compares names after NFKC and case folding', () => {
    for (const variant of ['alice', 'Alice', 'ALICE', 'ａｌｉｃｅ'])
      expect(accountNameKey(variant)).toBe('alice');
    expect(accountNameKey('Straße')).toBe(accountNameKey('STRASSE'));
    expect(accountNameKey('ΟΔΥΣΣΕΥΣ')).toBe(accountNameKey('οδυσσευς'));
    expect(accountNameKey('alİce')).not.toBe('alice'); // a dotted capital I is a letter of its own (i + combining dot)
    expect(accountNameKey('аlice')).not.toBe('alice'); // Cyrillic а
  });

  it('refuses invisible characters, spaces at the ends and mixed scripts; passes names in one script', () => {
    for (const name of [
      'alice\u200b',
      '\u200dalice',
      'al\u00adice',
      'alice\u202e',
      'ali\u2066ce',
      'alice\ufeff',
    ])
      expect(accountNameProblem(name)).toMatch(/invisible/);
    for (const name of ['alice ', ' alice', 'alice\u3000'])
      expect(accountNameProblem(name)).toMatch(/space/);
    expect(accountNameProblem('аlice')).toBe('must not mix scripts (Latin and Cyrillic)');
    expect(accountNameProblem('αlice')).toBe('must not mix scripts (Latin and Greek)');
    for (const name of ['alice', 'Алиса', 'Αλίκη', '小明', 'o.brien-2', 'alice@example.com', 'zoë'])
      expect(accountNameProblem(name)).toBeNull();
  });
});
