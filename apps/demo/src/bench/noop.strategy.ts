import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';

export const NOOP_STRATEGY = 'bench-noop';

/** Admits every request without looking at it: what passport itself costs, the ceiling for any scheme. */
@Injectable()
export class NoopStrategy extends PassportStrategy(Strategy, NOOP_STRATEGY) {
  validate(): { id: number } {
    return { id: 0 };
  }
}
