import { IsAccountName, IsCleanText, IsNonEmptyString, IsNotBlank } from '@authkit/core/internal';
import {
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import type { UserProfile } from './entities/user.entity';

/** What `UserService.create` takes (the CLI's `user create`, a host's admin code), validated as an HTTP body would be. */
export class NewUser {
  @IsNonEmptyString(150)
  @IsNotBlank()
  @IsCleanText()
  @IsAccountName()
  username: string;

  @IsNonEmptyString(1024)
  password: string;

  @IsOptional()
  @MaxLength(320)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'email is not an email address' })
  @IsCleanText()
  email?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsCleanText()
  direction?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  @IsCleanText()
  country?: string | null;

  /** Role ids (`RoleService.idsOf` turns names into them). */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  roles?: string[];

  @IsOptional()
  @IsBoolean()
  unrestricted?: boolean;

  @IsOptional()
  @IsObject({ message: 'profile must be a JSON object' })
  profile?: UserProfile;
}
