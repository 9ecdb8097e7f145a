import { Injectable } from '@nestjs/common';
import { SaasContext } from '@authkit/saas-site';

/**
 * A provider several calls away from the controller that reads the request's
 * site and team from the context, the way Frappe code reads `frappe.local`:
 * nobody hands it the request.
 */
@Injectable()
export class SiteGreeter {
  constructor(private readonly saas: SaasContext) {}

  greeting(): string {
    return `👋 Hi! ${this.saas.siteName} is authenticated`;
  }

  async siteInfo(): Promise<{ name: string; status: string; team: string }> {
    await new Promise((resolve) => setImmediate(resolve)); // yield: other requests run in between
    const site = this.saas.getSite();
    return { name: site.name, status: site.status, team: this.saas.teamName };
  }

  async teamInfo(): Promise<{ name: string; user: string }> {
    await new Promise((resolve) => setImmediate(resolve));
    const team = this.saas.getTeam();
    return { name: team.name, user: this.saas.user.username };
  }
}
