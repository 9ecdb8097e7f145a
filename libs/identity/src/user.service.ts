import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, ErrorCode, PasswordHasher, RevocationBus } from '@authkit/core';
import { conflictOnDuplicate, userRevocationTag } from '@authkit/core/internal';
import { Repository } from 'typeorm';
import { User, UserProfile } from './entities/user.entity';

export interface NewUser {
  username: string;
  password: string;
  email?: string | null;
  direction?: string | null;
  country?: string | null;
  roles?: string[];
  unrestricted?: boolean;
  profile?: UserProfile;
}

/** Called after a user is disabled, so schemes can drop what they cached for it. */
export type UserDisabledListener = (user: User) => void | Promise<void>;

const MAX_PASSWORD_LENGTH = 1024;

@Injectable()
export class UserService {
  private readonly disabledListeners: UserDisabledListener[] = [];

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
    @Optional() private readonly revocations?: RevocationBus,
  ) {}

  async create(input: NewUser): Promise<User> {
    validateNewUser(input);
    const passwordHash = await this.passwords.hash(input.password);
    const saved = await conflictOnDuplicate('A user with this username or email already exists', () =>
      this.users.save(
        this.users.create({
          username: input.username,
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

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  /**
   * Checks a password for the user named by `login` (username) or by `email`.
   * Unknown users cost the same argon2 work as known ones, and the answer is
   * the same `null` for every failure. A stored hash weaker than the
   * configured parameters is replaced on success.
   */
  async verifyPassword(by: { login?: string; email?: string }, password: string): Promise<User | null> {
    const query = this.users.createQueryBuilder('user').addSelect('user.passwordHash');
    if (by.login !== undefined) query.where('user.username = :login', { login: by.login });
    else if (by.email !== undefined) query.where('lower(user.email) = lower(:email)', { email: by.email });
    else {
      await this.passwords.verifyNothing(String(password));
      return null;
    }

    const user = typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH ? await query.getOne() : null;
    if (!user) {
      await this.passwords.verifyNothing(String(password));
      return null;
    }
    const check = await this.passwords.verify(user.passwordHash, password);
    if (!check.valid) return null;
    if (check.needsRehash) {
      await this.users.update({ id: user.id }, { passwordHash: await this.passwords.hash(password) });
    }
    const { passwordHash: _omitted, ...withoutHash } = user;
    return Object.assign(new User(), withoutHash);
  }

  async setEnabled(username: string, enabled: boolean): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such user');
    await this.users.update({ id: user.id }, { enabled });
    user.enabled = enabled;
    if (!enabled) {
      // Every instance drops the user's cached credentials; then the schemes revoke what they stored.
      await this.revocations?.revoke([userRevocationTag(user.id)]);
      for (const listener of this.disabledListeners) await listener(user);
    }
    return user;
  }

  onUserDisabled(listener: UserDisabledListener): void {
    this.disabledListeners.push(listener);
  }
}

function validateNewUser(input: NewUser): void {
  const problems: string[] = [];
  if (typeof input.username !== 'string' || input.username.trim() === '' || input.username.length > 150) {
    problems.push('username must be a non-empty string of at most 150 characters');
  }
  if (typeof input.password !== 'string' || input.password === '' || input.password.length > MAX_PASSWORD_LENGTH) {
    problems.push(`password must be a non-empty string of at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  if (input.email != null && !/^[^\s@]+@[^\s@]+$/.test(input.email)) problems.push('email is not an email address');
  if (input.profile != null && (typeof input.profile !== 'object' || Array.isArray(input.profile))) {
    problems.push('profile must be a JSON object');
  }
  if (problems.length > 0) throw ApiError.badRequest(problems.join('; '));
}
