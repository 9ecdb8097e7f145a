// The e2e:fastify project: every scheme suite again, with the demo (and each test host) on @nestjs/platform-fastify.
process.env.HTTP_PLATFORM = 'fastify';
