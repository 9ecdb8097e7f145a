import { Inject, Logger, type OnModuleInit, Optional, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserStore } from '../users/user-store';

/** What a scheme module needs from its host, named as the host would fix it. */
export interface SchemeRequirements {
  /** The module class's name, as the host wrote it: `SaasSiteModule`. */
  module: string;
  /** The entities it persists (the package's `*Entities`), and the names of the arrays to register. */
  entities: readonly (abstract new (...args: never[]) => unknown)[];
  entitiesName: string;
  migrationsName: string;
}

/** Thrown at start, before anything is served, with what to add. */
export class AuthkitSetupError extends Error {
  override name = 'AuthkitSetupError';
}

class SchemeTablesCheck implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requirements: SchemeRequirements,
  ) {}

  /** After the host's migrations ran (TypeORM runs them when its DataSource starts): every table is there. */
  async onModuleInit(): Promise<void> {
    const tables = this.requirements.entities.map(
      (entity) => this.dataSource.getMetadata(entity).tablePath,
    );
    await assertTablesExist(
      this.dataSource,
      tables,
      this.requirements.module,
      this.requirements.migrationsName,
    );
  }
}

/** Throws AuthkitSetupError naming `migrationsName` when any of `tables` (as `schema.table` or `table`) does not exist. */
export async function assertTablesExist(
  dataSource: DataSource,
  tables: string[],
  module: string,
  migrationsName: string,
): Promise<void> {
  const rows: Array<{ name: string }> = await dataSource.query(
    'SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NULL',
    [tables],
  );
  if (rows.length === 0) return;
  const missing = rows.map((row) => `"${row.name}"`).join(', ');
  throw new AuthkitSetupError(
    `${module}: the table${rows.length > 1 ? 's' : ''} ${missing} ${rows.length > 1 ? 'do' : 'does'} not exist. ` +
      `Add ${migrationsName} to your TypeOrmModule's migrations with migrationsRun: true (or run them before starting).`,
  );
}

/**
 * First among a scheme module's providers, so that a host missing a piece hears
 * which, at start: no `UserStore`, entities not registered in its DataSource,
 * or tables its migrations have not made. Without it, Nest would say only that
 * it cannot resolve a dependency, or the first request would fail.
 */
export function schemeStartupCheck(requirements: SchemeRequirements): Provider {
  return {
    provide: Symbol(`${requirements.module}:startup-check`),
    inject: [
      { token: DataSource, optional: true },
      { token: UserStore, optional: true },
    ],
    useFactory: (dataSource: DataSource | undefined, store: UserStore | undefined) => {
      if (!dataSource) {
        throw new AuthkitSetupError(
          `${requirements.module} needs TypeORM: import TypeOrmModule.forRoot({ type: 'postgres', ... }) in your app module.`,
        );
      }
      if (!store) {
        throw new AuthkitSetupError(
          `${requirements.module} needs a UserStore: import IdentityModule.forRoot({}) from @authkit/identity (authkit's own users), ` +
            'or UserStoreModule.forRoot({ useClass: YourUserStore }) from @authkit/core (your own).',
        );
      }
      const unregistered = requirements.entities
        .filter((entity) => !dataSource.hasMetadata(entity))
        .map((entity) => entity.name);
      if (unregistered.length > 0) {
        throw new AuthkitSetupError(
          `${requirements.module}: ${unregistered.join(', ')} is not in your DataSource. Add ...${requirements.entitiesName} to your TypeOrmModule's entities.`,
        );
      }
      new Logger('Authkit').debug(`${requirements.module}: UserStore and entities in place`);
      return new SchemeTablesCheck(dataSource, requirements);
    },
  };
}

/**
 * Injects the `UserStore` as an optional dependency: where the host mounted
 * none, the scheme's startup check then reports it with the fix, instead of
 * Nest's "can't resolve dependencies" from whichever service it reached first.
 */
export function InjectUserStore(): ParameterDecorator {
  return (target, key, index) => {
    Optional()(target, key, index);
    Inject(UserStore)(target, key, index);
  };
}
