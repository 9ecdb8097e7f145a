import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, OWASP_MINIMUM_ARGON2ID, PasswordHasher } from '@authkit/core';
import { Role } from './entities/role.entity';
import { User } from './entities/user.entity';
import { ConfigurableIdentityModule, IDENTITY_OPTIONS, IdentityModuleOptions } from './identity.module-definition';
import { RoleService } from './role.service';
import { UserService } from './user.service';

/** Users and their passwords, shared by every scheme. Global by default. */
@Module({
  imports: [TypeOrmModule.forFeature([User, Role]), AuthCoreModule],
  providers: [
    {
      provide: PasswordHasher,
      inject: [IDENTITY_OPTIONS],
      useFactory: (options: IdentityModuleOptions) =>
        new PasswordHasher(options.passwordHashing ?? OWASP_MINIMUM_ARGON2ID, options.passwordHashConcurrency),
    },
    UserService,
    RoleService,
  ],
  exports: [UserService, RoleService, PasswordHasher, TypeOrmModule],
})
export class IdentityModule extends ConfigurableIdentityModule {}
