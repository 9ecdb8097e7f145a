import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { installRequestScope } from './request-scope';

/** Installs the request scope on the host's HTTP server (Express or Fastify alike) when the app starts. */
@Injectable()
export class RequestScopeInstaller implements OnModuleInit {
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  onModuleInit(): void {
    const server = this.adapterHost?.httpAdapter?.getHttpServer();
    if (server && typeof server.listeners === 'function') installRequestScope(server);
  }
}
