// @authkit/redis: revocations over Redis pub/sub, for instances behind PgBouncer in transaction pooling,
// and the login limits' counters in Redis.
export {
  type RedisRevocationTransportOptions,
  RedisRevocationTransport,
  redisRevocationTransport,
} from './redis-revocation-transport';
export { RedisThrottlerStorage } from './redis-throttler-storage';
