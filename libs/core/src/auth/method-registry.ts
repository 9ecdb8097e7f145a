import { Injectable, type OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

interface MethodMark<Options> {
  names: string[];
  options: Options;
}

/**
 * A decorator marking a provider's method as one or more named methods of a
 * registry (`@JsonRpcMethod('Core.login', { public: true })`): the registry
 * whose `metadataKey` is `key` finds it when the app starts.
 */
export function methodDecorator<Options>(
  key: symbol,
): (names: string | string[], options: Options) => MethodDecorator {
  return (names, options) =>
    SetMetadata<symbol, MethodMark<Options>>(key, { names: [names].flat(), options });
}

/**
 * Named handlers that a dispatcher (partner login's JSON-RPC, session JWT's
 * `/grpc`) calls by name. At start it collects every provider method marked
 * with its decorator (through Nest's `DiscoveryService`, as @nestjs/schedule
 * and @nestjs/cqrs do), in any module of the app, the host's included;
 * `register()` adds one by hand. A name is registered once.
 */
@Injectable()
export abstract class MethodRegistry<Handler, Options = undefined> implements OnModuleInit {
  private readonly handlers = new Map<string, Handler>();
  /** The key the registry's decorator (`methodDecorator(key)`) writes. */
  protected abstract readonly metadataKey: symbol;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** The registry's handler for a decorated method (`call` runs it on its instance) and the decorator's options. */
  protected abstract toHandler(call: (...args: never[]) => unknown, options: Options): Handler;

  onModuleInit(): void {
    const scanned = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      if (!instance || typeof instance !== 'object' || scanned.has(instance)) continue;
      scanned.add(instance);
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const mark = Reflect.getMetadata(this.metadataKey, prototype[method] as object) as
          MethodMark<Options> | undefined;
        if (!mark) continue;
        const bound = (prototype[method] as (...args: never[]) => unknown).bind(instance);
        for (const name of mark.names) this.register(name, this.toHandler(bound, mark.options));
      }
    }
  }

  register(name: string, handler: Handler): void {
    if (this.handlers.has(name)) throw new Error(`Method ${name} is already registered`);
    this.handlers.set(name, handler);
  }

  find(name: string): Handler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}
