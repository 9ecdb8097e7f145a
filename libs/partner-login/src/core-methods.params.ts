import { IsCleanText, IsNonEmptyString } from '@authkit/core/internal';
import { ValidateIf } from 'class-validator';

/** `Core.login`'s params (the partner JSON-RPC API). */
export class CoreLoginParams {
  @IsNonEmptyString(4096)
  @IsCleanText()
  username: string;

  @IsNonEmptyString(4096)
  password: string;
}

/** `Core.token_login`'s params: a partner's login token and its API code, or (without `code_`) a session token to echo. */
export class CoreTokenLoginParams {
  @IsNonEmptyString(4096)
  token_: string;

  @ValidateIf((params: CoreTokenLoginParams) => params.code_ !== undefined) // absent, not null
  @IsNonEmptyString(4096)
  @IsCleanText()
  code_?: string;
}
