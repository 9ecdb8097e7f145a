import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiAppService } from './api-app.service';
import { ApiApp } from './entities/api-app.entity';
import { TokenFamily } from './entities/token-family.entity';

/** The app registry every realm with the app grant shares; import it to register apps. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiApp, TokenFamily])],
  providers: [ApiAppService],
  exports: [ApiAppService],
})
export class TokenRealmAppsModule {}
