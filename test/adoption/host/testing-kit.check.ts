import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuthkitTesting, type UserCredentialScheme } from '@authkit/testing';
import { HostModule } from './host.module.js';

/**
 * The host's own end-to-end check, written with @authkit/testing: a credential of every
 * mechanism for the host's user (and its site), issued in-process without a login, then
 * presented to the running host over HTTP. Prints what each route answered.
 */
async function main(): Promise<void> {
  const [baseUrl, ownerId] = process.argv.slice(2);
  const app = await NestFactory.createApplicationContext(HostModule, { logger: ['error'] });
  try {
    const kit = AuthkitTesting.for(app);
    const routes: Array<[UserCredentialScheme | 'site', string]> = [
      ['password-login', '/api/user/profile'],
      ['partner-login', '/partner/me'],
      ['token-realm:partners', '/partners/me'],
      ['session-jwt', '/session/me'],
      ['site', '/api/method/host.whoami'],
    ];
    const answers: Record<string, { status: number; body: unknown }> = {};
    for (const [scheme, path] of routes) {
      const headers =
        scheme === 'site'
          ? await kit.siteHeaders('host.example.com')
          : await kit.headersFor(scheme, ownerId);
      const answer = await fetch(`${baseUrl}${path}`, { headers });
      answers[scheme] = { status: answer.status, body: await answer.json() };
    }
    process.stdout.write(`${JSON.stringify(answers)}\n`);
  } finally {
    await app.close();
  }
}

void main();
