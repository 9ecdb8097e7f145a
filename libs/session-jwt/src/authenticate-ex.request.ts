import { IsCleanText, IsNonEmptyString } from '@authkit/core/internal';

/** `AuthenticateEx`'s message (the session-JWT gRPC API), on the HTTP gateway's `data` and on native gRPC alike. */
export class AuthenticateExRequest {
  @IsNonEmptyString(1024)
  @IsCleanText()
  user_name: string;

  @IsNonEmptyString(1024)
  password: string;
}
