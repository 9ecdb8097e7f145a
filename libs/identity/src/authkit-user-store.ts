import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type AuthUser, type SqlUserJoin, type UserLookup, UserStore } from '@authkit/core';
import { accountNameKey, PasswordHasher, sqlTable } from '@authkit/core/internal';
import { Repository } from 'typeorm';
import { Role } from './entities/role.entity';
import { User } from './entities/user.entity';
import { RoleService } from './role.service';

const MAX_PASSWORD_LENGTH = 1024;
const INTEGER_ID = /^[1-9][0-9]{0,15}$/;
/** `RoleService.namesOf` keeps only ids of this shape, and matches them exactly. */
const UUID_SQL_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The default `UserStore`: authkit's own `authkit_user` table, argon2id passwords and `authkit_role` names. */
@Injectable()
export class AuthkitUserStore extends UserStore {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
    private readonly roles: RoleService,
  ) {
    super();
  }

  async findByLogin(lookup: UserLookup): Promise<AuthUser | null> {
    const user = await this.lookupQuery(lookup)?.getOne();
    return user ? this.toAuthUser(user) : null;
  }

  async findById(id: string): Promise<AuthUser | null> {
    if (!INTEGER_ID.test(id)) return null;
    const user = await this.users.findOneBy({ id: Number(id) });
    return user ? this.toAuthUser(user) : null;
  }

  /**
   * The user and the names of their roles, joined into a scheme's credential
   * query. The key is matched only when it is an integer of the same shape
   * `findById` accepts, so any other text finds no user instead of failing.
   */
  override sqlJoin(): SqlUserJoin {
    const dataSource = this.users.manager.connection;
    const users = sqlTable(dataSource, User);
    const roles = sqlTable(dataSource, Role);
    return {
      lateral: (
        userKey,
      ) => `SELECT u."id" AS "user:id", u."uuid" AS "user:uuid", u."username" AS "user:username", u."email" AS "user:email",
          u."enabled" AS "user:enabled", u."roles" AS "user:roles", u."profile" AS "user:profile", u."direction" AS "user:direction",
          u."country" AS "user:country", u."unrestricted" AS "user:unrestricted",
          ARRAY(SELECT r."name" FROM unnest(u."roles") WITH ORDINALITY AS held("role_id", "position")
                  JOIN ${roles} r ON r."id" = CASE WHEN held."role_id" ~ '${UUID_SQL_PATTERN}' THEN held."role_id"::uuid END
                 ORDER BY held."position") AS "user:roleNames"
        FROM ${users} u
       WHERE u."id" = CASE WHEN (${userKey}) ~ '${INTEGER_ID.source}' THEN (${userKey})::bigint END`,
      toUser: (row) =>
        row['user:id'] === null || row['user:id'] === undefined
          ? null
          : {
              id: row['user:id'] as number,
              uuid: row['user:uuid'] as string,
              username: row['user:username'] as string,
              email: row['user:email'] as string | null,
              enabled: row['user:enabled'] as boolean,
              roles: row['user:roles'] as string[],
              roleNames: row['user:roleNames'] as string[],
              profile: (row['user:profile'] as Record<string, unknown> | null) ?? {},
              attributes: {
                direction: row['user:direction'] as string | null,
                country: row['user:country'] as string | null,
                unrestricted: row['user:unrestricted'] as boolean,
              },
            },
    };
  }

  /**
   * Unknown users cost the same argon2 work as known ones, and every failure
   * is the same `null`. A stored hash weaker than the configured parameters
   * is replaced on success.
   */
  async verifyPassword(lookup: UserLookup, password: string): Promise<AuthUser | null> {
    const query = this.lookupQuery(lookup)?.addSelect('user.passwordHash');
    const user =
      query && typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH
        ? await query.getOne()
        : null;
    if (!user) {
      await this.passwords.verifyNothing(String(password));
      return null;
    }
    const check = await this.passwords.verify(user.passwordHash, password);
    if (!check.valid) return null;
    if (check.needsRehash) {
      await this.users.update(
        { id: user.id },
        { passwordHash: await this.passwords.hash(password) },
      );
    }
    return this.toAuthUser(user);
  }

  /** What the schemes see of an `authkit_user` row: never its password hash. */
  async toAuthUser(user: User): Promise<AuthUser> {
    return {
      id: user.id,
      uuid: user.uuid,
      username: user.username,
      email: user.email,
      enabled: user.enabled,
      roles: [...user.roles],
      roleNames: user.roles.length > 0 ? await this.roles.namesOf(user.roles) : [],
      profile: user.profile ?? {},
      attributes: {
        direction: user.direction,
        country: user.country,
        unrestricted: user.unrestricted,
      },
    };
  }

  private lookupQuery(lookup: UserLookup) {
    const query = this.users.createQueryBuilder('user');
    if (typeof lookup?.login === 'string')
      return query.where('user.usernameKey = :key', { key: accountNameKey(lookup.login) });
    if (typeof lookup?.email === 'string')
      return query.where('lower(user.email) = lower(:email)', { email: lookup.email });
    return null;
  }
}
