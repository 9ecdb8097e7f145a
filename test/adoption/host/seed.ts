import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getRepositoryToken } from '@nestjs/typeorm';
import { SiteAdminService } from '@authkit/saas-site';
import type { Repository } from 'typeorm';
import { Account } from './account.entity';
import { hashPassword } from './account-user-store';
import { AppModule } from './app.module';

/** The host's own admin code: its own account, then a team and site through the packages' exported services. */
async function seed(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const accounts = app.get<Repository<Account>>(getRepositoryToken(Account));
    await accounts.insert({ handle: 'owner', email: 'owner@host.example', passwordHash: await hashPassword('owner-password'), division: 'pharma', country: 'ru' });
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
