import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, UserStore } from '@authkit/core';
import { OWASP_MINIMUM_ARGON2ID, PasswordHasher } from '@authkit/core/internal';
import { AuthkitUserStore } from './authkit-user-store';
import { Role } from './entities/role.entity';
import { User } from './entities/user.entity';
import {
  ConfigurableIdentityModule,
  IDENTITY_OPTIONS,
  IdentityModuleOptions,
} from './identity.module-definition';
import { RoleService } from './role.service';
import { UserService } from './user.service';

/**
 * authkit's own users (`authkit_user`, `authkit_role`) and the default
 * `UserStore` every scheme authenticates against. Global by default. A host
 * with its own users mounts `UserStoreModule.forRoot({ useClass })` instead.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User, Role]), AuthCoreModule],
  providers: [
    {
      provide: PasswordHasher,
      inject: [IDENTITY_OPTIONS],
      useFactory: (options: IdentityModuleOptions) =>
        new PasswordHasher(
          options.passwordHashing ?? OWASP_MINIMUM_ARGON2ID,
          options.passwordHashConcurrency,
          options.passwordHashMaxWaitMs,
        ),
    },
    UserService,
    RoleService,
    AuthkitUserStore,
    { provide: UserStore, useExisting: AuthkitUserStore },
  ],
  exports: [UserService, RoleService, UserStore, AuthkitUserStore, PasswordHasher, TypeOrmModule],
})
export class IdentityModule extends ConfigurableIdentityModule {}
