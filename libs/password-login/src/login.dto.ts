import { IsCleanText, ApiProperty } from '@authkit/core/internal';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The body of `POST /api/user/login` (the password-bearer login API). */
export class LoginRequest {
  @ApiProperty({ example: 'supplier' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  @IsCleanText()
  username: string;

  @ApiProperty({ example: 'qwerty' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;

  /** The server identifier the user belongs to (`food` in the seed). */
  @ApiProperty({ example: 'food' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsCleanText()
  direction: string;
}
