import type { ExecutionContext, Type } from '@nestjs/common';

/**
 * An `ExecutionContext` for work that Nest does not route itself (one call of a
 * JSON-RPC batch, say), so that a guard can run on it as on a route: the
 * arguments are `[request, response, next]`, as Nest's own HTTP context has them.
 */
export class CallContext implements ExecutionContext {
  constructor(
    private readonly args: unknown[],
    private readonly type: 'http' | 'rpc' = 'http',
  ) {}

  getClass<T = unknown>(): Type<T> {
    return CallContext as unknown as Type<T>;
  }

  getHandler(): Function {
    return this.getClass;
  }

  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }

  getType<T extends string = 'http' | 'rpc'>(): T {
    return this.type as T;
  }

  switchToHttp(): ReturnType<ExecutionContext['switchToHttp']> {
    return {
      getRequest: <T>() => this.args[0] as T,
      getResponse: <T>() => this.args[1] as T,
      getNext: <T>() => this.args[2] as T,
    };
  }

  switchToRpc(): ReturnType<ExecutionContext['switchToRpc']> {
    return { getData: <T>() => this.args[0] as T, getContext: <T>() => this.args[1] as T };
  }

  switchToWs(): ReturnType<ExecutionContext['switchToWs']> {
    return {
      getClient: <T>() => this.args[0] as T,
      getData: <T>() => this.args[1] as T,
      getPattern: () => '',
    };
  }
}
