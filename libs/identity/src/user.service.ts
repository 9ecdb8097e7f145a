import { HttpStatus, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, ErrorCode, RevocationBus } from '@authkit/core';
import {
  accountNameKey,
  PasswordHasher,
  validatePayload,
  conflictOnDuplicate,
  userRevocationTag,
} from '@authkit/core/internal';
import { AuthkitUserStore } from './authkit-user-store';
import { Repository } from 'typeorm';
import { User } from './entities/user.entity';
import { NewUser } from './new-user';

@Injectable()
export class UserService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
    private readonly store: AuthkitUserStore,
    @Optional() private readonly revocations?: RevocationBus,
  ) {}

  async create(given: NewUser): Promise<User> {
    const input = validatePayload(NewUser, given);
    const passwordHash = await this.passwords.hash(input.password);
    const saved = await conflictOnDuplicate(
      'A user with this username (in any case or Unicode form) or email already exists',
      () =>
        this.users.save(
          this.users.create({
            username: input.username,
            usernameKey: accountNameKey(input.username),
            email: input.email ?? null,
            passwordHash,
            direction: input.direction ?? null,
            country: input.country ?? null,
            roles: input.roles ?? [],
            unrestricted: input.unrestricted ?? false,
            profile: input.profile ?? {},
          }),
        ),
    );
    return (await this.findById(saved.id)) as User;
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** The user of that name, however it is spelled (`Alice` finds `alice`). */
  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ usernameKey: accountNameKey(username) });
  }

  async setEnabled(username: string, enabled: boolean): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such user');
    user.enabled = enabled;
    // Durable: the flag and every mounted scheme's end of the user's credentials commit together, or
    // nothing does. Enabling ends them once more: a login that read the user before the disable and
    // wrote its token after it (refused while disabled) does not come back with the user.
    await this.users.manager.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { enabled });
      await this.store.userDisabled(
        await this.store.toAuthUser({ ...user, enabled: false }),
        manager,
      );
    });
    // Only once committed: every instance drops what it cached of the user (and would otherwise re-read the old rows).
    await this.revocations?.revoke([userRevocationTag(user.id)]).catch((error: unknown) => {
      new Logger('UserService').warn(
        `user ${user.id}: the revocation notice failed (${(error as Error).message}); other instances drop what they cached within the cache's max age`,
      );
    });
    return user;
  }
}
