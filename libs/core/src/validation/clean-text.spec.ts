import { assertCleanText, isCleanText } from './clean-text';

describe('isCleanText', () => {
  it.each(['alice', 'Ayşe Yılmaz', 'пользователь', 'a b', 'émoji 👋', 'a@b.example'])(
    'accepts %j',
    (value) => {
      expect(isCleanText(value)).toBe(true);
    },
  );

  it.each([
    '\u0000',
    'al\u0000ice',
    'tab\there',
    'new\nline',
    '\u007f',
    '\u0085',
    '\u009f',
    'lone \ud800 high',
    'lone \udfff low',
    '\udc00\ud800',
  ])('refuses %j', (value) => {
    expect(isCleanText(value)).toBe(false);
    expect(() => assertCleanText(value, 'username')).toThrow(
      'username must not contain control characters',
    );
  });
});
