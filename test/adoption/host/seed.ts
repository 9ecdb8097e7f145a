import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { UserService } from '@authkit/identity';
import { SiteAdminService } from '@authkit/saas-site';
import { AppModule } from './app.module';

/** The host's own admin code: provisions through the packages' exported services, prints what the test needs. */
async function seed(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    await app.get(UserService).create({ username: 'owner', password: 'owner-password', direction: 'pharma', country: 'ru' });
    const sites = app.get(SiteAdminService);
    await sites.createTeam('host-team', 'owner');
    const site = await sites.createSite('host.example.com', 'host-team');
    process.stdout.write(`${JSON.stringify({ siteSecret: site.secret })}\n`);
  } finally {
    await app.close();
  }
}

seed().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
