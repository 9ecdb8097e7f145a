import {
  HttpStatus,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, Clock, ErrorCode, RevocationBus } from '@authkit/core';
import { assertSealedWithThisSecret, SecretBox } from '@authkit/core/internal';
import {
  calculateJwkThumbprint,
  type CryptoKey,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
} from 'jose';
import { KeyObject } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { SigningKey } from './entities/signing-key.entity';
import {
  SIGNING_KEY_ROTATED_TAG,
  SIGNING_KEY_TAG_PREFIX,
  signingKeyRevocationTag,
} from './revocation-tags';
import {
  RESOLVED_SESSION_JWT_OPTIONS,
  type ResolvedSessionJwtOptions,
} from './session-jwt.module-definition';
import { JWT_ALGORITHM } from './session-jwt.verifier';

export { JWT_ALGORITHM };

interface KeyRing {
  signer: { kid: string; privateKey: CryptoKey };
  /** Node's own key objects: what `verifySessionJwt` (node:crypto) takes, and jose too. */
  verifiers: Map<string, KeyObject>;
  jwks: JWK[];
  loadedAt: number;
}

/**
 * The RS256 keys of session JWT. Private keys are stored sealed (AES-256-GCM
 * under the configured key-encryption secret); the ring is cached in memory
 * and re-read after `keyCacheSeconds`, at once when a token names an unknown
 * kid, and on every instance as soon as a key is rotated or retired anywhere
 * (the RevocationBus notice).
 */
@Injectable()
export class SigningKeyService implements OnModuleInit, OnApplicationBootstrap {
  private readonly box: SecretBox;
  private ring?: Promise<KeyRing>;
  private lastForcedReload = 0;

  constructor(
    @InjectRepository(SigningKey) private readonly keys: Repository<SigningKey>,
    @Inject(RESOLVED_SESSION_JWT_OPTIONS) private readonly options: ResolvedSessionJwtOptions,
    private readonly revocations: RevocationBus,
    private readonly clock: Clock,
  ) {
    this.box = new SecretBox(options.masterSecret, 'session-jwt-signing-key');
  }

  onModuleInit(): void {
    this.revocations.onRevoked((tags) => {
      if (tags === null || tags.some((tag) => tag.startsWith(SIGNING_KEY_TAG_PREFIX)))
        this.ring = undefined;
    });
  }

  /** Refuses to start when the stored signing keys were sealed under another master secret. */
  async onApplicationBootstrap(): Promise<void> {
    const [newest] = await this.activeKeys();
    assertSealedWithThisSecret(this.box, newest?.privateKeySealed, 'Session JWT signing keys');
  }

  async signer(): Promise<KeyRing['signer']> {
    return (await this.keyRing()).signer;
  }

  /** The public key for `kid`, or null when no unretired key has it. */
  async verificationKey(kid: unknown): Promise<KeyObject | null> {
    if (typeof kid !== 'string' || kid.length > 64) return null;
    const key = (await this.keyRing()).verifiers.get(kid);
    if (key) return key;
    // A key rotated in by another process: look again, at most once a second.
    if (Date.now() - this.lastForcedReload < 1000) return null;
    this.lastForcedReload = Date.now();
    this.ring = undefined;
    return (await this.keyRing()).verifiers.get(kid) ?? null;
  }

  /** `GET /.well-known/jwks.json`: every key that still verifies. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.keyRing()).jwks };
  }

  /** Adds a new key, which signs from now on; older keys keep verifying until retired. */
  async rotate(): Promise<string> {
    const kid = await this.createKey();
    this.ring = undefined;
    await this.revocations.revoke([SIGNING_KEY_ROTATED_TAG]);
    return kid;
  }

  /** Stops a key from verifying: tokens it signed are refused from now on. The signing key cannot be retired. */
  async retire(kid: string): Promise<void> {
    const { signer } = await this.keyRing();
    if (signer.kid === kid) throw ApiError.badRequest('Rotate before retiring the signing key');
    const { affected } = await this.keys.update(
      { kid, retiredAt: IsNull() },
      { retiredAt: this.clock.now() },
    );
    if (!affected)
      throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No unretired key has this kid');
    this.ring = undefined;
    await this.revocations.revoke([signingKeyRevocationTag(kid)]);
  }

  private keyRing(): Promise<KeyRing> {
    const current = this.ring;
    if (current) {
      return current.then((ring) =>
        Date.now() - ring.loadedAt < this.options.keyCacheSeconds * 1000 ? ring : this.reload(),
      );
    }
    return this.reload();
  }

  private reload(): Promise<KeyRing> {
    const loading = this.load();
    this.ring = loading;
    loading.catch(() => {
      if (this.ring === loading) this.ring = undefined;
    });
    return loading;
  }

  private async load(): Promise<KeyRing> {
    let rows = await this.activeKeys();
    if (rows.length === 0) {
      await this.createKey();
      rows = await this.activeKeys();
    }
    const verifiers = new Map<string, KeyObject>();
    for (const row of rows) {
      const publicKey = (await importJWK(row.publicJwk, JWT_ALGORITHM)) as CryptoKey;
      verifiers.set(row.kid, KeyObject.from(publicKey));
    }
    const newest = rows[0];
    const privateKey = await importPKCS8(this.box.open(newest.privateKeySealed), JWT_ALGORITHM);
    return {
      signer: { kid: newest.kid, privateKey },
      verifiers,
      jwks: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: JWT_ALGORITHM, use: 'sig' })),
      loadedAt: Date.now(),
    };
  }

  private activeKeys(): Promise<SigningKey[]> {
    return this.keys
      .createQueryBuilder('key')
      .addSelect('key.privateKeySealed')
      .where('key.retiredAt IS NULL')
      .orderBy('key.createdAt', 'DESC')
      .getMany();
  }

  private async createKey(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(JWT_ALGORITHM, {
      modulusLength: 2048,
      extractable: true,
    });
    const { kty, n, e } = await exportJWK(publicKey);
    const publicJwk = { kty: kty as string, n: n as string, e: e as string };
    const kid = await calculateJwkThumbprint(publicJwk);
    await this.keys.insert({
      kid,
      publicJwk,
      privateKeySealed: this.box.seal(await exportPKCS8(privateKey)),
      retiredAt: null,
    });
    return kid;
  }
}
