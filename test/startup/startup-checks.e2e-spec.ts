import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthkitSetupError, loginThrottleMigrations } from '@authkit/core';
import { identityEntities, identityMigrations, IdentityModule } from '@authkit/identity';
import {
  partnerLoginEntities,
  partnerLoginMigrations,
  PartnerLoginModule,
} from '@authkit/partner-login';
import {
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
} from '@authkit/password-login';
import { saasSiteEntities, saasSiteMigrations, SaasSiteModule } from '@authkit/saas-site';
import { sessionJwtEntities, sessionJwtMigrations, SessionJwtModule } from '@authkit/session-jwt';
import { tokenRealmEntities, tokenRealmMigrations, TokenRealmModule } from '@authkit/token-realm';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * A host that forgets a piece hears which, and what to add, when it starts:
 * not "Nest can't resolve dependencies", and not a 500 on the first request.
 */
const MASTER_SECRET = 'startup checks master secret, thirty-two bytes or more';
const schemes: Array<{
  name: string;
  module: () => DynamicModule;
  entities: Function[];
  migrations: Function[];
  entitiesName: string;
  migrationsName: string;
}> = [
  {
    name: 'SaasSiteModule',
    module: () => SaasSiteModule.forRoot({}),
    entities: saasSiteEntities,
    migrations: saasSiteMigrations,
    entitiesName: 'saasSiteEntities',
    migrationsName: 'saasSiteMigrations',
  },
  {
    name: 'PasswordLoginModule',
    module: () => PasswordLoginModule.forRoot({}),
    entities: passwordLoginEntities,
    migrations: passwordLoginMigrations,
    entitiesName: 'passwordLoginEntities',
    migrationsName: 'passwordLoginMigrations',
  },
  {
    name: 'PartnerLoginModule',
    module: () => PartnerLoginModule.forRoot({ masterSecret: MASTER_SECRET }),
    entities: partnerLoginEntities,
    migrations: partnerLoginMigrations,
    entitiesName: 'partnerLoginEntities',
    migrationsName: 'partnerLoginMigrations',
  },
  {
    name: 'TokenRealmModule',
    module: () => TokenRealmModule.register({ realm: 'partners', grants: ['password'] }),
    entities: tokenRealmEntities,
    migrations: tokenRealmMigrations,
    entitiesName: 'tokenRealmEntities',
    migrationsName: 'tokenRealmMigrations',
  },
  {
    name: 'SessionJwtModule',
    module: () => SessionJwtModule.forRoot({ masterSecret: MASTER_SECRET }),
    entities: sessionJwtEntities,
    migrations: sessionJwtMigrations,
    entitiesName: 'sessionJwtEntities',
    migrationsName: 'sessionJwtMigrations',
  },
];

describe('startup checks name the fix', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('startup_checks');
  });
  afterAll(async () => {
    await db.drop();
  });

  function host(imports: Array<DynamicModule | Type>): Type {
    @Module({ imports })
    class HostModule {}
    return HostModule;
  }

  async function start(imports: Array<DynamicModule | Type>): Promise<unknown> {
    const compiled = await Test.createTestingModule({ imports: [host(imports)] })
      .compile()
      .catch((error: Error) => error);
    if (compiled instanceof Error) return compiled;
    const moduleRef = compiled;
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await app.init();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await app.close().catch(() => undefined);
    }
  }

  const typeOrm = (entities: Function[], migrations: Function[]) =>
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: db.url,
      entities: [...identityEntities, ...entities],
      migrations: [...identityMigrations, ...loginThrottleMigrations, ...migrations],
      migrationsRun: true,
    });

  it.each(schemes)(
    '$name without a UserStore: says to import IdentityModule or UserStoreModule',
    async (scheme) => {
      const error = await start([typeOrm(scheme.entities, scheme.migrations), scheme.module()]);
      expect(error).toBeInstanceOf(AuthkitSetupError);
      expect((error as Error).message).toBe(
        `${scheme.name} needs a UserStore: import IdentityModule.forRoot({}) from @authkit/identity (authkit's own users), or UserStoreModule.forRoot({ useClass: YourUserStore }) from @authkit/core (your own).`,
      );
    },
  );

  it.each(schemes)(
    "$name with its entities missing from the host's DataSource: names the array to add",
    async (scheme) => {
      const error = await start([typeOrm([], []), IdentityModule.forRoot({}), scheme.module()]);
      expect(error).toBeInstanceOf(AuthkitSetupError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${scheme.name}: \\w+.* is not in your DataSource\\. Add \\.\\.\\.${scheme.entitiesName} to your TypeOrmModule's entities\\.$`,
        ),
      );
    },
  );

  it.each(schemes)(
    '$name with its migrations left out: names the missing tables and the migrations to add, before serving anything',
    async (scheme) => {
      const fresh = await createTestDatabase(`startup_${scheme.entitiesName.toLowerCase()}`);
      const error = await start([
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: fresh.url,
          entities: [...identityEntities, ...scheme.entities],
          migrations: [...identityMigrations, ...loginThrottleMigrations],
          migrationsRun: true,
        }),
        IdentityModule.forRoot({}),
        scheme.module(),
      ]).finally(() => fresh.drop());
      expect(error).toBeInstanceOf(AuthkitSetupError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${scheme.name}: the tables? ".+" do(es)? not exist\\. Add ${scheme.migrationsName} to your TypeOrmModule's migrations`,
        ),
      );
    },
  );

  it.each(schemes)(
    "$name without the login limits' migrations: names their tables and loginThrottleMigrations",
    async (scheme) => {
      const fresh = await createTestDatabase(
        `startup_throttle_${scheme.entitiesName.toLowerCase()}`,
      );
      const error = await start([
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: fresh.url,
          entities: [...identityEntities, ...scheme.entities],
          migrations: [...identityMigrations, ...scheme.migrations],
          migrationsRun: true,
        }),
        IdentityModule.forRoot({}),
        scheme.module(),
      ]).finally(() => fresh.drop());
      expect(error).toBeInstanceOf(AuthkitSetupError);
      expect((error as Error).message).toBe(
        'LoginThrottleModule: the tables "authkit_login_known_address", "authkit_login_counter" do not exist. ' +
          "Add loginThrottleMigrations (from @authkit/core) to your TypeOrmModule's migrations with migrationsRun: true (or run them before starting).",
      );
    },
  );

  it('with everything in place, every scheme starts', async () => {
    const all = schemes.flatMap((scheme) => scheme.entities);
    const migrations = schemes.flatMap((scheme) => scheme.migrations);
    expect(
      await start([
        typeOrm(all, migrations),
        IdentityModule.forRoot({}),
        ...schemes.map((scheme) => scheme.module()),
      ]),
    ).toBeUndefined();
  });
});
