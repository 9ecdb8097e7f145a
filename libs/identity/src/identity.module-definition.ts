import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { PasswordHashingOptions } from '@authkit/core/internal';

export interface IdentityModuleOptions {
  /** argon2id parameters; OWASP's minimum by default, lower values are refused. */
  passwordHashing?: PasswordHashingOptions;
  /** Password hashes computed at once (the rest queue); all cores but one by default. */
  passwordHashConcurrency?: number;
  /** The longest a login waits for a hashing slot before it is refused with 503 and `Retry-After`; 1000 ms by default. */
  passwordHashMaxWaitMs?: number;
}

export const {
  ConfigurableModuleClass: ConfigurableIdentityModule,
  MODULE_OPTIONS_TOKEN: IDENTITY_OPTIONS,
  OPTIONS_TYPE: IDENTITY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: IDENTITY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<IdentityModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
