import { IsCleanText, IsNonEmptyString } from '@authkit/core';

/** `AuthenticateEx`'s message (seed 004), on the HTTP gateway's `data` and on native gRPC alike. */
export class AuthenticateExRequest {
  @IsNonEmptyString(1024)
  @IsCleanText()
  user_name: string;

  @IsNonEmptyString(1024)
  password: string;
}
