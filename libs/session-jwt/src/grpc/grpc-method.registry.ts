import { Injectable } from '@nestjs/common';
import type { SessionJwtPrincipal } from '../session-jwt-principal';

/** A `POST /grpc` method: its `data`, and who called (Basic user or Bearer session). */
export type GrpcMethodHandler = (data: Record<string, unknown>, caller: SessionJwtPrincipal) => Promise<unknown> | unknown;

/**
 * The methods `POST /grpc` dispatches to, by full name
 * (`axxonsoft.bl.auth.AuthenticationService.AuthenticateEx`). Other modules
 * inject the registry and add their own methods in `onModuleInit`.
 */
@Injectable()
export class GrpcMethodRegistry {
  private readonly methods = new Map<string, GrpcMethodHandler>();

  register(name: string, handler: GrpcMethodHandler): void {
    if (this.methods.has(name)) throw new Error(`gRPC method ${name} is already registered`);
    this.methods.set(name, handler);
  }

  find(name: string): GrpcMethodHandler | undefined {
    return this.methods.get(name);
  }

  names(): string[] {
    return [...this.methods.keys()];
  }
}
