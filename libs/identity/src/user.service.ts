import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, ErrorCode, PasswordHasher } from '@authkit/core';
import { conflictOnDuplicate } from '@authkit/core/internal';
import { AuthkitUserStore } from './authkit-user-store';
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

const MAX_PASSWORD_LENGTH = 1024;

@Injectable()
export class UserService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
    private readonly store: AuthkitUserStore,
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
