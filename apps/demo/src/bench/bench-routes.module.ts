import { Module } from '@nestjs/common';
import { BenchController } from './bench.controller';
import { BenchGuardsController } from './bench-guards.controller';
import { NoopStrategy } from './noop.strategy';
import { PeerFindOneStrategy } from './peer-find-one.strategy';
import { PeerJwtStrategy } from './peer-jwt.strategy';

@Module({
  controllers: [BenchController, BenchGuardsController],
  providers: [NoopStrategy, PeerJwtStrategy, PeerFindOneStrategy],
})
export class BenchRoutesModule {}
