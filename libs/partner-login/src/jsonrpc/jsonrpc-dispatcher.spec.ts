import { ApiError } from '@authkit/core';
import {
  type LoginAttempt,
  type LoginAttempts,
  TooManyAttemptsError,
} from '@authkit/core/internal';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { ResolvedPartnerLoginOptions } from '../partner-login.module-definition';
import type { PartnerSessionPrincipal } from '../partner-session-principal';
import { JsonRpcDispatcher } from './jsonrpc-dispatcher';
import { JsonRpcErrorCode, JsonRpcError } from './jsonrpc-error';
import { JsonRpcMethodRegistry } from './jsonrpc-method.registry';

/**
 * The JSON-RPC 2.0 protocol as the dispatcher implements it (jsonrpc.org/specification,
 * section 7's examples among them), with the session guard and the login limits
 * stood in for: what it parses, answers, authenticates and admits, and in which order.
 */
const principal = {
  scheme: 'partner-session',
  user: { id: 7 },
} as unknown as PartnerSessionPrincipal;

/** The route guard's contract: a `Bearer good` or `token_: 'good'` passes and sets the principal. */
const sessionGuard: CanActivate = {
  async canActivate(context: ExecutionContext) {
    const call = context.switchToHttp().getRequest();
    if (call.headers.authorization === 'Bearer good' || call.jsonRpc.params.token_ === 'good') {
      call.user = principal;
      return true;
    }
    throw ApiError.unauthorized({ message: 'Invalid or expired session token' });
  },
};

function setUp(refuseLogins = false) {
  const events: string[] = [];
  const attempts = {
    admit: jest.fn(async (attempt: LoginAttempt) => {
      events.push(`admit ${attempt.scheme} ${attempt.account}`);
      if (refuseLogins) throw new TooManyAttemptsError(60);
    }),
    succeeded: jest.fn(async (attempt: LoginAttempt) => void events.push(`ok ${attempt.scheme}`)),
    record: jest.fn((attempt: LoginAttempt, error?: { refusalAnswer?: { code: string } }) =>
      events.push(`failure ${attempt.scheme} ${error?.refusalAnswer?.code}`),
    ),
  };
  const registry = new JsonRpcMethodRegistry(undefined as never, undefined as never);
  registry.register('subtract', {
    public: true,
    handler: (params) => {
      events.push('run subtract');
      const [minuend, subtrahend] = [params.minuend, params.subtrahend] as number[];
      return minuend - subtrahend;
    },
  });
  registry.register('notify_hello', { public: true, handler: () => void events.push('run hello') });
  registry.register('Core.login', {
    public: true,
    login: (params) => ({ account: `user:${String(params.username)}` }),
    handler: (params) => {
      events.push(`run login ${String(params.username)}`);
      if (params.password !== 'right')
        throw new JsonRpcError(JsonRpcErrorCode.authenticationFailed, 'Wrong');
      return { token: 't' };
    },
  });
  registry.register('Core.whoami', {
    handler: (_params, call) => ({ id: (call.principal!.user as { id: number }).id }),
  });
  registry.register('broken', {
    public: true,
    handler: () => {
      throw new Error('secret-bearing internal detail');
    },
  });
  registry.register('database', {
    public: true,
    handler: () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    },
  });
  const dispatcher = new JsonRpcDispatcher(
    registry,
    attempts as unknown as LoginAttempts,
    { maxBatchSize: 4 } as ResolvedPartnerLoginOptions,
    sessionGuard,
  );
  const handle = (body: unknown, headers: Record<string, string> = {}) =>
    dispatcher.handle(body, { headers, ip: '127.0.0.1' });
  return { handle, events, attempts };
}

const error = (id: unknown, code: number) => ({
  jsonrpc: '2.0',
  id,
  error: expect.objectContaining({ code }),
});

describe('JsonRpcDispatcher', () => {
  it('answers a call by its id, with positional-free named params, and a notification with nothing', async () => {
    const { handle } = setUp();
    expect(
      await handle({
        jsonrpc: '2.0',
        method: 'subtract',
        params: { minuend: 42, subtrahend: 23 },
        id: 3,
      }),
    ).toEqual({ jsonrpc: '2.0', id: 3, result: 19 });
    expect(
      await handle({
        jsonrpc: '2.0',
        method: 'subtract',
        params: { minuend: 1, subtrahend: 1 },
        id: 'a',
      }),
    ).toEqual({
      jsonrpc: '2.0',
      id: 'a',
      result: 0,
    });
    expect(await handle({ jsonrpc: '2.0', method: 'notify_hello' })).toBeNull();
    expect(await handle({ jsonrpc: '2.0', method: 'notify_hello', id: null })).toEqual({
      jsonrpc: '2.0',
      id: null,
      result: null,
    });
  });

  it('parses text bodies, and answers what it cannot parse with -32700 and id null', async () => {
    const { handle } = setUp();
    expect(
      await handle(
        '{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 5, "subtrahend": 2}, "id": 1}',
      ),
    ).toEqual({ jsonrpc: '2.0', id: 1, result: 3 });
    expect(
      await handle(Buffer.from('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]')),
    ).toEqual(error(null, -32700));
    expect(
      await handle('[{"jsonrpc": "2.0", "method": "sum", "id": "1"},{"jsonrpc": "2.0", "method"]'),
    ).toEqual(error(null, -32700));
  });

  it('refuses malformed requests with -32600, keeping a valid id', async () => {
    const { handle } = setUp();
    expect(await handle({ jsonrpc: '2.0', method: 1, params: 'bar' })).toEqual(error(null, -32600));
    expect(await handle({ jsonrpc: '1.0', method: 'subtract', id: 9 })).toEqual(error(9, -32600));
    expect(await handle({ jsonrpc: '2.0', method: 'subtract', params: 'text', id: 9 })).toEqual(
      error(9, -32600),
    );
    for (const id of [{}, [], true, 'x'.repeat(257)])
      expect(await handle({ jsonrpc: '2.0', method: 'subtract', id })).toEqual(error(null, -32600));
    expect(await handle([])).toEqual(error(null, -32600));
    expect(await handle([1, 2, 3])).toEqual([
      error(null, -32600),
      error(null, -32600),
      error(null, -32600),
    ]);
    expect(await handle(42)).toEqual(error(null, -32600));
  });

  it('refuses JSON nested deeper than 32 levels before anything runs, and batches over the limit', async () => {
    const { handle, events } = setUp();
    let deep: unknown = { minuend: 1, subtrahend: 1 };
    for (let level = 0; level < 40; level++) deep = { nested: deep };
    const deepAnswer = await handle({ jsonrpc: '2.0', method: 'subtract', params: deep, id: 1 });
    expect(deepAnswer).toEqual(error(null, -32600));
    const call = {
      jsonrpc: '2.0',
      method: 'subtract',
      params: { minuend: 1, subtrahend: 1 },
      id: 1,
    };
    expect(await handle([call, call, call, call, call])).toEqual(error(null, -32600));
    expect(events).toEqual([]);
    expect(await handle([call, call, call, call])).toHaveLength(4);
  });

  it('answers a mixed batch in order, leaving out notifications, and nothing for notifications only', async () => {
    const { handle } = setUp();
    expect(
      await handle([
        { jsonrpc: '2.0', method: 'subtract', params: { minuend: 3, subtrahend: 1 }, id: '1' },
        { jsonrpc: '2.0', method: 'notify_hello' },
        { foo: 'boo' },
        { jsonrpc: '2.0', method: 'foo.get', params: { name: 'myself' }, id: '5' },
      ]),
    ).toEqual([{ jsonrpc: '2.0', id: '1', result: 2 }, error(null, -32600), error('5', -32601)]);
    expect(await handle({ jsonrpc: '2.0', method: 'subtract', params: [1, 2], id: 9 })).toEqual(
      error(9, -32602),
    );
    expect(
      await handle([
        { jsonrpc: '2.0', method: 'notify_hello' },
        { jsonrpc: '2.0', method: 'notify_hello' },
      ]),
    ).toBeNull();
  });

  it('authenticates each non-public call on its own: a refusal is that call’s -32002, not the batch’s', async () => {
    const { handle } = setUp();
    expect(
      await handle(
        { jsonrpc: '2.0', method: 'Core.whoami', id: 1 },
        { authorization: 'Bearer good' },
      ),
    ).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { id: 7 },
    });
    expect(
      await handle([
        { jsonrpc: '2.0', method: 'Core.whoami', params: { token_: 'good' }, id: 1 },
        { jsonrpc: '2.0', method: 'Core.whoami', params: { token_: 'forged' }, id: 2 },
        { jsonrpc: '2.0', method: 'Core.whoami', id: 3 },
      ]),
    ).toEqual([{ jsonrpc: '2.0', id: 1, result: { id: 7 } }, error(2, -32002), error(3, -32002)]);
  });

  it('admits every login call of a batch before any call runs, and reports each outcome', async () => {
    const { handle, events } = setUp();
    const answers = await handle([
      {
        jsonrpc: '2.0',
        method: 'Core.login',
        params: { username: 'ann', password: 'right' },
        id: 1,
      },
      { jsonrpc: '2.0', method: 'subtract', params: { minuend: 2, subtrahend: 1 }, id: 2 },
      {
        jsonrpc: '2.0',
        method: 'Core.login',
        params: { username: 'bob', password: 'wrong' },
        id: 3,
      },
    ]);
    expect(answers).toEqual([
      { jsonrpc: '2.0', id: 1, result: { token: 't' } },
      { jsonrpc: '2.0', id: 2, result: 1 },
      error(3, JsonRpcErrorCode.authenticationFailed),
    ]);
    expect(events).toEqual([
      'admit jsonrpc:Core.login user:ann',
      'admit jsonrpc:Core.login user:bob',
      'run login ann',
      'ok jsonrpc:Core.login',
      'run subtract',
      'run login bob',
      `failure jsonrpc:Core.login jsonrpc_${JsonRpcErrorCode.authenticationFailed}`,
    ]);
  });

  it('runs nothing of a batch whose logins are refused: the refusal is the request’s 429', async () => {
    const { handle, events } = setUp(true);
    await expect(
      handle([
        { jsonrpc: '2.0', method: 'subtract', params: { minuend: 2, subtrahend: 1 }, id: 1 },
        {
          jsonrpc: '2.0',
          method: 'Core.login',
          params: { username: 'ann', password: 'right' },
          id: 2,
        },
      ]),
    ).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect(events).toEqual(['admit jsonrpc:Core.login user:ann']);
  });

  it('answers an unexpected failure with a bare -32603 and an outage with -32004, never the error’s text', async () => {
    const { handle } = setUp();
    const broken = await handle({ jsonrpc: '2.0', method: 'broken', id: 1 });
    expect(broken).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'Internal error' },
    });
    expect(JSON.stringify(broken)).not.toContain('secret-bearing');
    expect(await handle({ jsonrpc: '2.0', method: 'database', id: 2 })).toEqual(
      error(2, JsonRpcErrorCode.serviceUnavailable),
    );
  });
});
