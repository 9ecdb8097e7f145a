import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { DataSource } from 'typeorm';

export const PEER_FIND_ONE_STRATEGY = 'bench-peer-find-one';

/**
 * The peer a user would write instead of an opaque-token scheme: a
 * `passport-custom` strategy doing one TypeORM `findOne` per request (the
 * token's SHA-256 in scheme 2's table), no cache.
 */
@Injectable()
export class PeerFindOneStrategy extends PassportStrategy(Strategy, PEER_FIND_ONE_STRATEGY) {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async validate(request: Request): Promise<object | false> {
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    if (!token) return false;
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const row = await this.dataSource
      .getRepository('LoginAccessToken')
      .findOne({ where: { tokenHash } });
    return row && (row as { expiresAt: Date }).expiresAt > new Date() ? row : false;
  }
}
