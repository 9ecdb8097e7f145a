import {
  credentials,
  loadPackageDefinition,
  Metadata,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { AUTHENTICATION_PROTO, WHOAMI_PROTO } from '@authkit/session-jwt/native-grpc';
import { freePort } from '../../../test/support/demo-process';
import { request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { factories } from '../../../test/support/factories';
import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { auditEntities, auditMigrations, AuthAudit, AuthAuditModule, Public } from '@authkit/core';
import {
  CurrentSessionJwtPrincipal,
  sessionJwtEntities,
  sessionJwtMigrations,
  SessionJwtModule,
  type SessionJwtPrincipal,
  UseSessionJwtAuth,
} from '@authkit/session-jwt';
import {
  AuthenticationServiceGrpcController,
  GrpcStatusFilter,
  SessionJwtGrpcGuard,
  sessionJwtGrpcOptions,
} from '@authkit/session-jwt/native-grpc';
import { currentPrincipal } from '@authkit/core/internal';

/** The host's own gRPC service: who the session of the `authorization` metadata's token is. */
@Controller()
@UseFilters(GrpcStatusFilter)
@Public()
class WhoamiGrpcController {
  @GrpcMethod('Whoami', 'Get')
  @UseGuards(SessionJwtGrpcGuard)
  get(): { user_name: string; user_id: string; session_id: string } {
    const principal = currentPrincipal() as SessionJwtPrincipal;
    return {
      user_name: principal.user.username,
      user_id: principal.user.uuid,
      session_id: principal.sessionId ?? '',
    };
  }
}

/** The same sessions on an HTTP route of the host's. */
@Controller('grpc')
class WhoamiController {
  @Get('whoami')
  @UseSessionJwtAuth({ bearerOnly: true })
  whoami(@CurrentSessionJwtPrincipal() principal: SessionJwtPrincipal) {
    return { user: principal.user.username };
  }
}

/**
 * Session JWT over native gRPC (HTTP/2), with a real client that knows only the
 * `.proto` files the package ships: anonymous AuthenticateEx, Bearer metadata
 * for the rest, the same sessions as the HTTP gateway, and every failure a
 * proper gRPC status (never UNKNOWN or INTERNAL for anything a client sent).
 */
type Unary = (
  request: object,
  metadata: Metadata,
  callback: (error: ServiceError | null, answer?: Record<string, unknown>) => void,
) => void;
type Client = Record<string, Unary> & { close(): void };

const PER_ACCOUNT = 3;

describe('session JWT over native gRPC', () => {
  let t: HostApp;
  let auth: Client;
  let whoami: Client;

  beforeAll(async () => {
    const grpcPort = await freePort();
    const many = { limit: 1_000_000, windowSeconds: 60 };
    t = await startHostApp({
      label: 'native_grpc',
      entities: [...auditEntities, ...sessionJwtEntities],
      migrations: [...auditMigrations, ...sessionJwtMigrations],
      imports: [
        AuthAuditModule.forRoot({}),
        SessionJwtModule.forRoot({
          masterSecret: 'a host master secret, thirty-two bytes or more',
        }),
      ],
      controllers: [AuthenticationServiceGrpcController, WhoamiGrpcController, WhoamiController],
      throttle: {
        perAddress: many,
        perAccount: { limit: PER_ACCOUNT, windowSeconds: 60 },
        accountCeiling: many,
        perService: many,
      },
      // The host's main.ts: native gRPC beside HTTP, the package's service and the host's own.
      configure: async (app) => {
        app.connectMicroservice(
          sessionJwtGrpcOptions(`127.0.0.1:${grpcPort}`, [
            { package: 'authkit.demo', protoPath: WHOAMI_PROTO },
          ]),
        );
        await app.startAllMicroservices();
      },
    });
    t.clock.set(new Date());
    const given = factories(t.app);
    await given.user({ username: 'root', password: 'root-password' });
    await given.user({ username: 'target', password: 'target-password' });
    const loaded = loadPackageDefinition(
      loadSync([AUTHENTICATION_PROTO, WHOAMI_PROTO], { keepCase: true, defaults: true }),
    ) as never as {
      axxonsoft: {
        bl: { auth: { AuthenticationService: new (address: string, creds: unknown) => Client } };
      };
      authkit: { demo: { Whoami: new (address: string, creds: unknown) => Client } };
    };
    auth = new loaded.axxonsoft.bl.auth.AuthenticationService(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
    );
    whoami = new loaded.authkit.demo.Whoami(`127.0.0.1:${grpcPort}`, credentials.createInsecure());
  });
  afterAll(async () => {
    auth?.close();
    whoami?.close();
    await t?.close();
  });

  const bearer = (token: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };

  function invoke(
    client: Client,
    method: string,
    body: object,
    metadata = new Metadata(),
  ): Promise<{ answer?: Record<string, unknown>; error?: ServiceError }> {
    return new Promise((done) =>
      client[method](body, metadata, (error, answer) => done(error ? { error } : { answer })),
    );
  }

  const authenticate = () =>
    invoke(auth, 'AuthenticateEx', { user_name: 'root', password: 'root-password' });

  it("authenticates anonymously (the credentials are in the message), answering the seed's shape", async () => {
    const { answer, error } = await authenticate();
    expect(error).toBeUndefined();
    expect(answer).toEqual({
      token_name: 'auth_token',
      token_value: expect.stringMatching(/^eyJ/),
      expires_at: expect.stringMatching(/^\d{8}T\d{6}$/),
      is_unrestricted: false,
      user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      roles_ids: [],
      error_code: 'AUTHENTICATE_CODE_OK',
    });
  });

  it('Whoami with the token in metadata; RenewSession keeps the session; CloseSession ends it on gRPC and on HTTP', async () => {
    const token = (await authenticate()).answer!.token_value as string;
    const me = await invoke(whoami, 'Get', {}, bearer(token));
    expect(me.answer).toEqual({
      user_name: 'root',
      user_id: expect.any(String),
      session_id: expect.any(String),
    });

    const renewed = await invoke(auth, 'RenewSession', {}, bearer(token));
    expect(renewed.answer).toMatchObject({
      error_code: 'AUTHENTICATE_CODE_OK',
      token_value: expect.any(String),
    });
    const renewedToken = renewed.answer!.token_value as string;
    expect((await invoke(whoami, 'Get', {}, bearer(renewedToken))).answer!.session_id).toBe(
      me.answer!.session_id,
    );
    // A token from gRPC works on the HTTP gateway.
    expect(
      (
        await request(`${t.baseUrl}/grpc/whoami`, {
          headers: { Authorization: `Bearer ${renewedToken}` },
        })
      ).status,
    ).toBe(200);

    expect((await invoke(auth, 'CloseSession', {}, bearer(renewedToken))).answer).toEqual({
      error_code: 'OK',
    });
    for (const closed of [token, renewedToken]) {
      expect((await invoke(whoami, 'Get', {}, bearer(closed))).error?.code).toBe(
        status.UNAUTHENTICATED,
      );
      expect(
        (
          await request(`${t.baseUrl}/grpc/whoami`, {
            headers: { Authorization: `Bearer ${closed}` },
          })
        ).status,
      ).toBe(401);
    }
  });

  it('a token from the HTTP gateway works on gRPC, and closing it over HTTP ends it on gRPC', async () => {
    const basic = `Basic ${Buffer.from('root:root-password').toString('base64')}`;
    const http = await request(`${t.baseUrl}/grpc`, {
      headers: { Authorization: basic },
      body: {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'root', password: 'root-password' },
      },
    });
    const token = http.body.token_value as string;
    expect((await invoke(whoami, 'Get', {}, bearer(token))).answer?.user_name).toBe('root');
    await request(`${t.baseUrl}/grpc`, {
      headers: { Authorization: `Bearer ${token}` },
      body: { method: 'axxonsoft.bl.auth.AuthenticationService.CloseSession', data: {} },
    });
    expect((await invoke(whoami, 'Get', {}, bearer(token))).error?.code).toBe(
      status.UNAUTHENTICATED,
    );
  });

  it.each([
    ['a wrong password', { user_name: 'root', password: 'wrong' }, status.UNAUTHENTICATED],
    ['an unknown user', { user_name: 'nobody', password: 'wrong' }, status.UNAUTHENTICATED],
    ['an empty user name', { user_name: '', password: 'x' }, status.INVALID_ARGUMENT],
    ['a NUL in the user name', { user_name: 'ro\u0000ot', password: 'x' }, status.INVALID_ARGUMENT],
    // (A lone surrogate cannot travel: protobuf strings are UTF-8, so it arrives as U+FFFD, clean text.)
    [
      'a control character in the user name',
      { user_name: 'ro\u0007ot', password: 'x' },
      status.INVALID_ARGUMENT,
    ],
  ])('AuthenticateEx with %s is a proper status', async (_case, body, code) => {
    const { error } = await invoke(auth, 'AuthenticateEx', body);
    expect(error?.code).toBe(code);
    expect(error?.details).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it.each([
    ['no metadata', new Metadata()],
    ['a garbage token', bearer('not-a-token')],
    [
      'Basic instead of Bearer',
      (() => {
        const m = new Metadata();
        m.set('authorization', 'Basic cm9vdDpyb290');
        return m;
      })(),
    ],
  ])(
    'RenewSession, CloseSession and Whoami with %s are UNAUTHENTICATED',
    async (_case, metadata) => {
      for (const [client, method] of [
        [auth, 'RenewSession'],
        [auth, 'CloseSession'],
        [whoami, 'Get'],
      ] as const) {
        expect((await invoke(client, method, {}, metadata)).error?.code).toBe(
          status.UNAUTHENTICATED,
        );
      }
    },
  );

  it('throttles AuthenticateEx per account exactly as HTTP does: RESOURCE_EXHAUSTED, and audited', async () => {
    for (let i = 0; i < PER_ACCOUNT; i++)
      expect(
        (await invoke(auth, 'AuthenticateEx', { user_name: 'target', password: 'guess' })).error
          ?.code,
      ).toBe(status.UNAUTHENTICATED);
    expect(
      (await invoke(auth, 'AuthenticateEx', { user_name: 'target', password: 'target-password' }))
        .error?.code,
    ).toBe(status.RESOURCE_EXHAUSTED);
    await t.app.get(AuthAudit).flush();
    const rows = await t.db.query<{ reason: string; code: string }>(
      "SELECT reason, code FROM auth_audit_log WHERE principal = 'user:target' AND scheme LIKE 'grpc-native:%' ORDER BY id",
    );
    expect(rows.map((row) => `${row.reason} ${row.code}`)).toEqual([
      ...Array(PER_ACCOUNT).fill('unknown AUTHENTICATE_CODE_WRONG_CREDENTIALS'),
      'throttled too_many_requests',
    ]);
  });
});
