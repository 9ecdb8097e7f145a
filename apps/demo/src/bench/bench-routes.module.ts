import { Module } from '@nestjs/common';
import { BenchController } from './bench.controller';
import { NoopStrategy } from './noop.strategy';

@Module({ controllers: [BenchController], providers: [NoopStrategy] })
export class BenchRoutesModule {}
