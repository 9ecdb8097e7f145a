import { IsCleanText, IsNonEmptyString, IsScopes } from '@authkit/core/internal';
import { Matches, ValidateIf } from 'class-validator';
import { IMPORTED_SITE_SECRET_PATTERN } from './site-auth.service';

/** `SiteAdminService.createTeam`'s input. */
export class NewTeam {
  @IsNonEmptyString(140)
  @IsCleanText()
  name: string;

  /** The login of the team's user in the `UserStore`. */
  @IsNonEmptyString(150)
  @IsCleanText()
  username: string;
}

/** `SiteAdminService.createSite`'s input. */
export class NewSite {
  @IsNonEmptyString(255)
  @IsCleanText()
  name: string;

  @IsNonEmptyString(140)
  @IsCleanText()
  teamName: string;

  /** A deployed site's existing secret, adopted as it is. */
  @ValidateIf((site: NewSite) => site.importSecret !== undefined)
  @Matches(IMPORTED_SITE_SECRET_PATTERN, {
    message: 'An imported site secret must be 32 to 256 characters of [A-Za-z0-9_.-]',
  })
  importSecret?: string;

  /** What the site's credentials may do; none given: everything. */
  @IsScopes()
  scopes?: string[];
}
