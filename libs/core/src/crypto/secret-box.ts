import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts the secrets a server must *use* (partner login's API-code secrets,
 * session JWT's signing keys) before they are stored: AES-256-GCM under a key
 * derived (HKDF-SHA-256) from a configured master secret and a purpose label,
 * so one master secret yields unrelated keys per use. The purpose is also the
 * additional authenticated data: a value sealed for one use does not open for another.
 *
 * Format: `v1.<nonce>.<ciphertext>.<tag>`, each part base64url.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(
    masterSecret: string,
    private readonly purpose: string,
  ) {
    if (typeof masterSecret !== 'string' || Buffer.byteLength(masterSecret) < 32) {
      throw new Error(
        'SecretBox: the master secret must be at least 32 bytes (e.g. `openssl rand -base64 32`)',
      );
    }
    this.key = Buffer.from(
      hkdfSync('sha256', masterSecret, Buffer.alloc(0), `authkit:${purpose}`, 32),
    );
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(this.purpose));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext, or an error when the value was not sealed by this box (wrong key, purpose or tampering). */
  open(sealed: string): string {
    const [version, nonce, ciphertext, tag, ...rest] = sealed.split('.');
    if (version !== VERSION || rest.length > 0 || !nonce || ciphertext === undefined || !tag)
      throw new Error('SecretBox: not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(this.purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('SecretBox: the value does not open with this key');
    }
  }
}

/**
 * Fails fast, at start, when a value sealed in the database does not open
 * with this box's master secret: every instance and admin process sharing a
 * database must share one, or they would answer errors on first use.
 */
export function assertSealedWithThisSecret(
  box: SecretBox,
  sealed: string | undefined,
  what: string,
): void {
  if (sealed === undefined) return;
  try {
    box.open(sealed);
  } catch {
    throw new Error(
      `${what} stored in the database do not open with the configured master secret. ` +
        'Every instance and the CLI that share a database must use the same one: set MASTER_SECRET ' +
        '(the masterSecret option) to the secret that sealed them. With MASTER_SECRET unset, each host ' +
        'generates its own into DATA_DIR/master-secret.',
    );
  }
}
