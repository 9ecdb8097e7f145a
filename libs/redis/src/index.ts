// @authkit/redis: revocations over Redis pub/sub, for instances behind PgBouncer in transaction pooling.
export { type RedisRevocationTransportOptions, RedisRevocationTransport, redisRevocationTransport } from './redis-revocation-transport';
