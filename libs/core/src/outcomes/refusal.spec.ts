import { HttpException } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import {
  answerOf,
  auditedFailure,
  currentVerificationNote,
  noteCacheLookup,
  refused,
  refusedShape,
  refusalReasonOf,
  type VerificationNote,
  withVerificationNote,
} from './refusal';

describe('refusal reasons', () => {
  it('keeps the most telling reason of an any-of guard’s strategies', () => {
    const note: VerificationNote = {};
    withVerificationNote(note, () => {
      expect(refused('unknown')).toBeNull();
      refusedShape(undefined);
      refusedShape('');
      refusedShape('x');
    });
    expect(note.reason).toBe('unknown');
    withVerificationNote(note, () => refused('expired'));
    expect(note.reason).toBe('expired');
  });

  it('tells missing from malformed', () => {
    for (const [value, reason] of [
      [undefined, 'missing'],
      [null, 'missing'],
      ['', 'missing'],
      ['login_x', 'malformed'],
      [42, 'malformed'],
    ] as const) {
      const note: VerificationNote = {};
      withVerificationNote(note, () => refusedShape(value));
      expect([value, note.reason]).toEqual([value, reason]);
    }
  });

  it('keeps each verification’s note to itself, however they interleave', async () => {
    const notes = Array.from({ length: 20 }, (): VerificationNote => ({}));
    await Promise.all(
      notes.map((note, index) =>
        withVerificationNote(note, async () => {
          await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
          refused(index % 2 ? 'expired' : 'revoked');
          noteCacheLookup(index % 3 === 0);
          expect(currentVerificationNote()).toBe(note);
        }),
      ),
    );
    notes.forEach((note, index) =>
      expect(note).toEqual({
        reason: index % 2 ? 'expired' : 'revoked',
        cache: index % 3 === 0 ? 'hit' : 'miss',
      }),
    );
    // Outside a verification, noting does nothing.
    expect(refused('unknown')).toBeNull();
    expect(currentVerificationNote()).toBeUndefined();
  });

  it('derives the reason from the answer first: 429 throttled, 403 disabled, 5xx none', () => {
    expect(refusalReasonOf({ status: 429, code: 'too_many_requests' }, 'unknown')).toBe(
      'throttled',
    );
    expect(refusalReasonOf({ status: 403, code: 'insufficient_scope' })).toBe('insufficient_scope');
    expect(refusalReasonOf({ status: 403, code: 'site_suspended' }, 'unknown')).toBe('disabled');
    expect(refusalReasonOf({ status: 503, code: 'database_unavailable' }, 'unknown')).toBeNull();
    expect(refusalReasonOf({ status: 401, code: 'invalid_token' }, 'expired')).toBe('expired');
    expect(refusalReasonOf({ status: 401, code: 'invalid_token' })).toBe('unknown');
    expect(refusalReasonOf({ status: 400, code: 'invalid_request' })).toBe('malformed');
  });

  it('reads the answer of the library’s errors, session JWT’s shape and other protocols’ errors', () => {
    expect(answerOf(ApiError.unauthorized())).toEqual({ status: 401, code: 'invalid_credentials' });
    expect(answerOf(new HttpException({ error_code: 'UNAUTHENTICATED' }, 401))).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(answerOf(new HttpException('plain', 418))).toEqual({ status: 418, code: 'http_418' });
    expect(answerOf({ refusalAnswer: { status: 401, code: 'jsonrpc_-32001' } })).toEqual({
      status: 401,
      code: 'jsonrpc_-32001',
    });
    expect(auditedFailure(new Error('boom'))).toEqual({ reason: 'unavailable', code: 'error' });
  });
});
