import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule } from '@authkit/core';
import { ApiAppService } from './api-app.service';
import { ApiApp } from './entities/api-app.entity';
import { RealmAccessToken } from './entities/realm-access-token.entity';
import { RealmRefreshToken } from './entities/realm-refresh-token.entity';
import { TokenFamily } from './entities/token-family.entity';
import { UserTokenRevocation } from './user-token-revocation';

/**
 * What every realm shares: the app registry (import it to register apps), and
 * the revocation of a disabled user's tokens in every realm.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiApp, TokenFamily, RealmAccessToken, RealmRefreshToken]),
    AuthCoreModule,
  ],
  providers: [ApiAppService, UserTokenRevocation],
  exports: [ApiAppService, UserTokenRevocation],
})
export class TokenRealmAppsModule {}
