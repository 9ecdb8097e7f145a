import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, RevocationBus, userKey, UserStore } from '@authkit/core';
import { InjectUserStore } from '@authkit/core/internal';
import { In, Repository } from 'typeorm';
import { RealmAccessToken } from './entities/realm-access-token.entity';
import { TokenFamily } from './entities/token-family.entity';
import { familyRevocationTag } from './revocation-tags';

/**
 * Disabling a user revokes every token family it holds, in every realm, for
 * good: re-enabling the user does not bring old tokens back. Registered once,
 * in the module every realm shares, so it runs in any process that mounts
 * scheme 4 (the admin CLI included), whichever realms that process serves.
 */
@Injectable()
export class UserTokenRevocation implements OnModuleInit {
  constructor(
    @InjectUserStore() private readonly users: UserStore,
    @InjectRepository(TokenFamily) private readonly families: Repository<TokenFamily>,
    @InjectRepository(RealmAccessToken) private readonly accessTokens: Repository<RealmAccessToken>,
    private readonly clock: Clock,
    private readonly revocations: RevocationBus,
  ) {}

  onModuleInit(): void {
    this.users?.onUserDisabled((user) => this.revokeAllOfUser(userKey(user)));
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    const { raw } = await this.families
      .createQueryBuilder()
      .update()
      .set({ revokedAt: this.clock.now() })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .returning('id')
      .execute();
    const familyIds = (raw as Array<{ id: string }>).map((row) => row.id);
    if (familyIds.length === 0) return;
    await this.accessTokens.delete({ family: { id: In(familyIds) } });
    await this.revocations.revoke(familyIds.map(familyRevocationTag));
  }
}
