import {
  DynamicModule,
  Module,
  type ModuleMetadata,
  type Provider,
  type Type,
} from '@nestjs/common';
import { UserStore } from './user-store';

export interface UserStoreModuleOptions {
  /** Modules the store needs (the host's `TypeOrmModule.forFeature([HostUser])`...). */
  imports?: ModuleMetadata['imports'];
  /** The host's `UserStore` subclass. */
  useClass: Type<UserStore>;
}

/**
 * Puts a host's own `UserStore` under every scheme, app-wide, in place of
 * `@authkit/identity`'s default. Mount either this or `IdentityModule`. The
 * store is also exported as its own class, for the host's admin code.
 */
@Module({})
export class UserStoreModule {
  static forRoot(options: UserStoreModuleOptions): DynamicModule {
    const providers: Provider[] = [
      options.useClass,
      { provide: UserStore, useExisting: options.useClass },
    ];
    return {
      module: UserStoreModule,
      global: true,
      imports: options.imports ?? [],
      providers,
      exports: [UserStore, options.useClass],
    };
  }
}
