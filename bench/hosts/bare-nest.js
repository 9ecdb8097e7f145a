// The baseline of `npm run bench`: what a user had before adopting authkit. A Nest app with one
// controller answering {"message": "open"}, no global guard, pipe, filter, interceptor or
// middleware, on HTTP_PLATFORM (express or fastify), on PORT. Plain CommonJS without a build, so
// the same file runs on the repository's Nest 11 and, copied beside a Nest 12 install, on Nest 12
// (loaded through Node's require(esm)).
// With BARE_NEST_ASYNC_CONTEXT=1, the same app runs each request inside one AsyncLocalStorage.run
// (what authkit's request scope does, and nothing else): the floor of any request context built
// on AsyncLocalStorage, on this Node.
// With BARE_NEST_PASSPORT_NOOP=1, the route is guarded by @nestjs/passport's AuthGuard over a
// passport-custom strategy that accepts every request as one constant user and does no other
// work: what passport and Nest's guard pipeline cost before any scheme does anything, the
// ceiling of every passport-based scheme on this stack.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

class OpenController {
  open() {
    return { message: 'open' };
  }
}
Get('open')(
  OpenController.prototype,
  'open',
  Object.getOwnPropertyDescriptor(OpenController.prototype, 'open'),
);

const providers = [];
if (process.env.BARE_NEST_PASSPORT_NOOP === '1') {
  const { Injectable, UseGuards } = require('@nestjs/common');
  const { AuthGuard, PassportStrategy } = require('@nestjs/passport');
  const { Strategy } = require('passport-custom');
  class NoopStrategy extends PassportStrategy(Strategy, 'noop') {
    validate() {
      return { id: 1 };
    }
  }
  Injectable()(NoopStrategy);
  providers.push(NoopStrategy);
  UseGuards(AuthGuard('noop'))(
    OpenController.prototype,
    'open',
    Object.getOwnPropertyDescriptor(OpenController.prototype, 'open'),
  );
}
Controller()(OpenController);

class BareModule {}
Module({ controllers: [OpenController], providers })(BareModule);

function runEachRequestInAsyncContext(server) {
  const { AsyncLocalStorage } = require('node:async_hooks');
  const storage = new AsyncLocalStorage();
  const listeners = server.listeners('request');
  server.removeAllListeners('request');
  for (const listener of listeners)
    server.on('request', (...args) => storage.run({}, listener, ...args));
}

async function main() {
  const adapter =
    process.env.HTTP_PLATFORM === 'fastify'
      ? new (require('@nestjs/platform-fastify').FastifyAdapter)()
      : new (require('@nestjs/platform-express').ExpressAdapter)();
  const app = await NestFactory.create(BareModule, adapter, { logger: ['error', 'warn'] });
  if (process.env.BARE_NEST_ASYNC_CONTEXT === '1')
    runEachRequestInAsyncContext(app.getHttpServer());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
