import { IsCleanText, IsNonEmptyString, IsScopes } from '@authkit/core/internal';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';

/** A partner's existing secret, adopted as it is (the token-realm API's are 20 hex characters). */
export const ADOPTED_APP_SECRET_PATTERN = /^[A-Za-z0-9_.-]{16,256}$/;

/** A partner's existing `app_id` and secret, kept as they are so its deployed front ends go on logging in. */
export class AdoptedAppCredentials {
  @IsInt({ message: 'app_id must be a positive integer' })
  @Min(1, { message: 'app_id must be a positive integer' })
  @Max(2_147_483_647, { message: 'app_id must be a positive integer' })
  appId: number;

  @Matches(ADOPTED_APP_SECRET_PATTERN, {
    message: 'an adopted secret is 16 to 256 letters, digits, "_", "." or "-"',
  })
  secret: string;
}

/** `ApiAppService.create`'s input. */
export class NewApiApp {
  @IsNonEmptyString(150)
  @IsCleanText()
  name: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => AdoptedAppCredentials)
  adopt?: AdoptedAppCredentials;

  /** What the app's tokens may do; none given: everything. */
  @IsScopes()
  scopes?: string[];
}
