import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { accountNameKey, ApiError, ErrorCode, PasswordHasher, validatePayload } from '@authkit/core';
import { conflictOnDuplicate } from '@authkit/core/internal';
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
  ) {}

  async create(given: NewUser): Promise<User> {
    const input = validatePayload(NewUser, given);
    const passwordHash = await this.passwords.hash(input.password);
    const saved = await conflictOnDuplicate('A user with this username (in any case or Unicode form) or email already exists', () =>
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
    await this.users.update({ id: user.id }, { enabled });
    user.enabled = enabled;
    // Every mounted scheme revokes what it issued to the user, on every instance. Nothing comes back on re-enable.
    if (!enabled) await this.store.userDisabled(await this.store.toAuthUser(user));
    return user;
  }
}
