import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JSON_RPC_METHOD, type JsonRpcMethodOptions } from './jsonrpc-method.decorator';
import { type JsonRpcCall, JsonRpcMethodRegistry } from './jsonrpc-method.registry';

/** Finds the `@JsonRpcMethod()`s of every provider of the app and registers them. */
@Injectable()
export class JsonRpcMethodExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: JsonRpcMethodRegistry,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as
        Record<string, (params: Record<string, unknown>, call: JsonRpcCall) => unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const spec = this.reflector.get<(JsonRpcMethodOptions & { name: string }) | undefined>(
          JSON_RPC_METHOD,
          instance[methodName],
        );
        if (spec)
          this.registry.register(spec.name, {
            public: spec.public,
            handler: (params, call) => instance[methodName](params, call),
          });
      }
    }
  }
}
