import { readBasicCredentials, readBearerToken } from './authorization-header';

describe('readBearerToken', () => {
  it('reads the token, whatever the case of the scheme name', () => {
    expect(readBearerToken('Bearer abc.def')).toBe('abc.def');
    expect(readBearerToken('bearer abc')).toBe('abc');
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic abc',
    'Bearerabc',
    'Bearer a b',
    'Bearer é',
    ['Bearer a'],
    `Bearer ${'a'.repeat(5000)}`,
  ])('refuses %p', (header) => expect(readBearerToken(header)).toBeNull());
});

describe('readBasicCredentials', () => {
  const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

  it('splits at the first colon, so passwords may hold colons', () => {
    expect(readBasicCredentials(basic('root:p:w'))).toEqual({ username: 'root', password: 'p:w' });
    expect(readBasicCredentials(basic('zażółć:hasło'))).toEqual({
      username: 'zażółć',
      password: 'hasło',
    });
  });

  it.each([undefined, 'Basic', 'Basic !!!', basic('nocolon'), basic(':pw'), 'Bearer abc'])(
    'refuses %p',
    (header) => expect(readBasicCredentials(header)).toBeNull(),
  );
});
