import { SecretBox } from './secret-box';

const MASTER = 'a master secret of at least thirty-two bytes';

describe('SecretBox', () => {
  it('opens what it sealed, and the sealed form does not contain the plaintext', () => {
    const box = new SecretBox(MASTER, 'api-code');
    const sealed = box.seal('the partner secret');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('partner');
    expect(box.open(sealed)).toBe('the partner secret');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('refuses another master secret, another purpose and any tampering', () => {
    const sealed = new SecretBox(MASTER, 'api-code').seal('s');
    expect(() => new SecretBox(`${MASTER}!`, 'api-code').open(sealed)).toThrow('does not open');
    expect(() => new SecretBox(MASTER, 'signing-key').open(sealed)).toThrow('does not open');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('t').toString('base64url');
    expect(() => new SecretBox(MASTER, 'api-code').open(parts.join('.'))).toThrow('does not open');
    expect(() => new SecretBox(MASTER, 'api-code').open('garbage')).toThrow('not a sealed value');
  });

  it('refuses a short master secret', () => {
    expect(() => new SecretBox('short', 'x')).toThrow('at least 32 bytes');
  });
});
