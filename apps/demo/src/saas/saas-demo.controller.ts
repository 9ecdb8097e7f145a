import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { WhitelistSaasApi } from '@authkit/saas-site';
import { SiteGreeter } from './site-greeter.service';

/** The seed's sample routes; each accepts GET and POST, as Frappe's whitelisted methods do. */
@ApiTags('scheme 1: SaaS site')
@Controller('api/method')
export class SaasDemoController {
  constructor(private readonly greeter: SiteGreeter) {}

  @Get('jcloude.saas.api.hello')
  @WhitelistSaasApi()
  hello(): { message: string } {
    return { message: this.greeter.greeting() };
  }

  @Post('jcloude.saas.api.hello')
  @HttpCode(HttpStatus.OK)
  @WhitelistSaasApi()
  helloByPost(): { message: string } {
    return this.hello();
  }

  @Get('jcloude.saas.api.site.info')
  @WhitelistSaasApi()
  async siteInfo(): Promise<{ message: unknown }> {
    return { message: await this.greeter.siteInfo() };
  }

  @Post('jcloude.saas.api.site.info')
  @HttpCode(HttpStatus.OK)
  @WhitelistSaasApi()
  siteInfoByPost(): Promise<{ message: unknown }> {
    return this.siteInfo();
  }

  @Get('jcloude.saas.api.team.info')
  @WhitelistSaasApi()
  async teamInfo(): Promise<{ message: unknown }> {
    return { message: await this.greeter.teamInfo() };
  }

  @Post('jcloude.saas.api.team.info')
  @HttpCode(HttpStatus.OK)
  @WhitelistSaasApi()
  teamInfoByPost(): Promise<{ message: unknown }> {
    return this.teamInfo();
  }
}
