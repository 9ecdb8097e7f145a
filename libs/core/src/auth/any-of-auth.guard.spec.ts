import { Controller, Get, INestApplication, UseGuards } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { Strategy as CustomStrategy } from 'passport-custom';
import request from 'supertest';
import { AnyOfAuthGuard } from './any-of-auth.guard';
import { RequireScopes } from './require-scopes.decorator';

const STRATEGY = 'any-of-auth-guard-spec';

/** Accepts `x-who: <name>` as a principal with the scopes of `x-scopes` (comma-separated). */
function registerStrategy(): void {
  class HeaderStrategy extends PassportStrategy(CustomStrategy, STRATEGY) {
    validate(req: { headers: Record<string, string | undefined> }) {
      const who = req.headers['x-who'];
      if (!who) return false;
      return { scheme: 'header', who, scopes: req.headers['x-scopes']?.split(',') };
    }
  }
  new HeaderStrategy();
}

/** One handler, inherited by two controllers that require different scopes. */
@UseGuards(AnyOfAuthGuard(STRATEGY))
class Whoami {
  @Get()
  get() {
    return 'ok';
  }

  @Get('write')
  @RequireScopes('write')
  write() {
    return 'written';
  }
}

@Controller('reader')
@RequireScopes('read')
class ReaderController extends Whoami {}

@Controller('admin')
@RequireScopes('admin')
class AdminController extends Whoami {}

async function startApp(): Promise<INestApplication> {
  const module = await Test.createTestingModule({
    controllers: [ReaderController, AdminController],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('AnyOfAuthGuard', () => {
  let app: INestApplication;
  beforeAll(async () => {
    registerStrategy();
    app = await startApp();
  });
  afterAll(() => app.close());

  const get = (path: string, scopes: string) =>
    request(app.getHttpServer()).get(path).set('x-who', 'ann').set('x-scopes', scopes);

  it("checks each route's own scopes, read once per handler and controller, on every request", async () => {
    for (let round = 0; round < 2; round++) {
      expect((await get('/reader', 'read')).status).toBe(200);
      expect((await get('/admin', 'read')).status).toBe(403);
      expect((await get('/admin', 'admin')).status).toBe(200);
      expect((await get('/reader', 'admin')).status).toBe(403);
      // The handler's own scope overrides the controller's.
      expect((await get('/reader/write', 'write')).status).toBe(200);
      expect((await get('/admin/write', 'admin')).status).toBe(403);
    }
    const refused = await get('/admin', 'read');
    expect(refused.body).toMatchObject({ code: 'insufficient_scope' });
  });

  it('refuses a request no strategy accepts with 401', async () => {
    expect((await request(app.getHttpServer()).get('/reader')).status).toBe(401);
  });

  it('uses a strategy registered again under the same name from then on', async () => {
    const before = await get('/reader', 'read');
    expect(before.status).toBe(200);
    class RefusingStrategy extends PassportStrategy(CustomStrategy, STRATEGY) {
      validate() {
        return false;
      }
    }
    new RefusingStrategy();
    expect((await get('/reader', 'read')).status).toBe(401);
    registerStrategy();
    expect((await get('/reader', 'read')).status).toBe(200);
  });

  it('decides at once, without a promise, when the strategy answers at once (a cache hit)', async () => {
    const Guard = AnyOfAuthGuard(STRATEGY);
    const guard = new Guard();
    const contextOf = (headers: Record<string, string>) => {
      const req = { headers };
      return new ExecutionContextHost(
        [req, {}, () => undefined],
        ReaderController,
        Whoami.prototype.get,
      );
    };
    expect(guard.canActivate(contextOf({ 'x-who': 'ann' }))).toBe(true);
    expect(() => guard.canActivate(contextOf({}))).toThrow(
      expect.objectContaining({ status: 401 }),
    );

    class Later extends PassportStrategy(CustomStrategy, `${STRATEGY}-later`) {
      validate(req: { headers: Record<string, string | undefined> }) {
        return Promise.resolve(req.headers['x-who'] ? { who: req.headers['x-who'] } : false);
      }
    }
    new Later();
    const LaterGuard = AnyOfAuthGuard(`${STRATEGY}-later`);
    const answer = new LaterGuard().canActivate(contextOf({ 'x-who': 'ann' }));
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toBe(true);
    await expect(new LaterGuard().canActivate(contextOf({}))).rejects.toMatchObject({
      status: 401,
    });
  });
});
