import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@authkit/core';
import { WhitelistSaasApi } from '@authkit/saas-site';
import { SiteGreeter } from './site-greeter.service';

/** The seed's sample routes; each is whitelisted once and answers GET and POST, as Frappe's whitelisted methods do. */
@ApiTags('site key')
@Controller('api/method')
export class SaasDemoController {
  constructor(private readonly greeter: SiteGreeter) {}

  @WhitelistSaasApi('jcloude.saas.api.hello')
  hello(): { message: string } {
    return { message: this.greeter.greeting() };
  }

  @WhitelistSaasApi('jcloude.saas.api.site.info')
  async siteInfo(): Promise<{ message: unknown }> {
    return { message: await this.greeter.siteInfo() };
  }

  @WhitelistSaasApi('jcloude.saas.api.team.info')
  async teamInfo(): Promise<{ message: unknown }> {
    return { message: await this.greeter.teamInfo() };
  }

  /** Needs the `write` scope: a site created with other scopes only gets 403 `insufficient_scope`. */
  @WhitelistSaasApi('jcloude.saas.api.write_probe')
  @RequireScopes('write')
  writeProbe(): { message: string } {
    return { message: 'ok' };
  }
}
