import { terminalSafe } from './cli-output';

describe('terminalSafe', () => {
  it('leaves ordinary text, non-Latin scripts and emoji as they are', () => {
    expect(terminalSafe('2026-01-01 failure login:/api/user/login user:ayşe пароль 👋')).toBe(
      '2026-01-01 failure login:/api/user/login user:ayşe пароль 👋',
    );
  });

  it.each([
    ['\u001b[2J\u001b[31mfake', '\\u001b[2J\\u001b[31mfake'],
    ['line\nbreak\rreturn', 'line\\u000abreak\\u000dreturn'],
    ['nul\u0000del\u007fc1\u0085', 'nul\\u0000del\\u007fc1\\u0085'],
    ['bidi \u202eevil\u2066', 'bidi \\u202eevil\\u2066'],
  ])('escapes %j', (raw, printed) => {
    expect(terminalSafe(raw)).toBe(printed);
  });
});
