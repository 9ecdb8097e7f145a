import { IsOptional, IsString } from 'class-validator';
import { IsCleanText } from './clean-text';
import { checkPayload, IsNonEmptyString, validatePayload } from './validate-payload';

class Sample {
  @IsNonEmptyString(8)
  @IsCleanText()
  name: string;

  @IsOptional()
  @IsString()
  note?: string;
}

const messageOf = (payload: unknown, prefix?: string): string =>
  checkPayload(Sample, payload, prefix).problems ?? 'valid';

describe('validatePayload', () => {
  it('answers the DTO, without properties it does not declare', () => {
    expect(validatePayload(Sample, { name: 'ada', extra: 'dropped' })).toEqual(
      Object.assign(new Sample(), { name: 'ada' }),
    );
  });

  it('names each wrong field, with the caller prefix', () => {
    expect(messageOf({})).toBe('name must be a non-empty string of at most 8 characters');
    expect(messageOf({ name: 'x'.repeat(9) }, 'data.')).toBe(
      'data.name must be a non-empty string of at most 8 characters',
    );
    expect(messageOf({ name: 'a\u0000b' })).toBe(
      'name must not contain control characters or invalid Unicode',
    );
    expect(messageOf({ name: 'a\ud800' })).toBe(
      'name must not contain control characters or invalid Unicode',
    );
    expect(messageOf({ name: 'ok', note: 7 })).toBe('note must be a string');
  });

  it('treats what is not an object as an empty one', () => {
    for (const payload of [null, undefined, 'text', 42, ['name']])
      expect(messageOf(payload)).toBe('name must be a non-empty string of at most 8 characters');
  });
});
