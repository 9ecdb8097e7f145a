import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type AuthUser, Clock, RevocationBus, UserStore } from '@authkit/core';
import { hashSecret, userKey, InjectUserStore, userRevocationTag } from '@authkit/core/internal';
import { type EntityManager, In, IsNull, Repository } from 'typeorm';
import { RealmAccessToken } from './entities/realm-access-token.entity';
import { RealmRefreshToken } from './entities/realm-refresh-token.entity';
import { familyRevocationTag } from './revocation-tags';
import { TokenFamily } from './entities/token-family.entity';

/**
 * Disabling a user revokes every token family it holds, in every realm, for
 * good: re-enabling the user does not bring old tokens back. Registered once,
 * in the module every realm shares, so it runs in any process that mounts
 * token realm (the admin CLI included), whichever realms that process serves.
 */
@Injectable()
export class UserTokenRevocation implements OnModuleInit {
  constructor(
    @InjectUserStore() private readonly users: UserStore,
    @InjectRepository(TokenFamily) private readonly families: Repository<TokenFamily>,
    @InjectRepository(RealmAccessToken) private readonly accessTokens: Repository<RealmAccessToken>,
    @InjectRepository(RealmRefreshToken)
    private readonly refreshTokens: Repository<RealmRefreshToken>,
    private readonly clock: Clock,
    private readonly revocations: RevocationBus,
  ) {}

  onModuleInit(): void {
    this.users?.onUserDisabled((user, manager) => this.endAllOfUser(user, manager));
  }

  /**
   * A leaked access or refresh token, in whichever realm: its whole family
   * (everything descended from the same login) is revoked. The realm, or null when unknown.
   */
  async revokeLeakedToken(token: string): Promise<string | null> {
    const where = { where: { tokenHash: hashSecret(token) }, relations: { family: true } };
    const row =
      (await this.accessTokens.findOne(where)) ?? (await this.refreshTokens.findOne(where));
    if (!row) return null;
    await this.families.update(
      { id: row.family.id, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    await this.accessTokens.delete({ family: { id: row.family.id } });
    await this.revocations.revoke([familyRevocationTag(row.family.id)]);
    return row.family.realm;
  }

  /**
   * Revokes every token family of the user, and deletes their access tokens. Inside the caller's
   * transaction when given its `manager` (which then announces the revocation). Every cached token
   * carries the user's tag, so one tag revokes them all, however many families there are.
   */
  async endAllOfUser(user: Pick<AuthUser, 'id'>, manager?: EntityManager): Promise<void> {
    const { raw } = await (manager?.getRepository(TokenFamily) ?? this.families)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: this.clock.now() })
      .where('user_id = :userId AND revoked_at IS NULL', { userId: userKey(user) })
      .returning('id')
      .execute();
    const familyIds = (raw as Array<{ id: string }>).map((row) => row.id);
    if (familyIds.length > 0)
      await (manager?.getRepository(RealmAccessToken) ?? this.accessTokens).delete({
        family: { id: In(familyIds) },
      });
    if (!manager) await this.revocations.revoke([userRevocationTag(user.id)]);
  }
}
