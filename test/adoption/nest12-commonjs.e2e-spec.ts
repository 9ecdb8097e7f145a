import { adoptionSuite } from './adoption-suite';

adoptionSuite({
  nest: 12,
  module: 'commonjs',
  platform: 'express',
  optional: ['@authkit/redis', '@authkit/identity', '@nestjs/swagger'],
});
