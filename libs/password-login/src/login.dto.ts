import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The body of `POST /api/user/login` (seed 001). */
export class LoginRequest {
  @ApiProperty({ example: 'supplier' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
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
  direction: string;
}
