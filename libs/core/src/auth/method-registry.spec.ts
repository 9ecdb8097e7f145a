import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { methodDecorator, MethodRegistry } from './method-registry';

const GREETING = Symbol('test:greeting');
const Greeting = (names: string | string[], options: { loud?: boolean } = {}) =>
  methodDecorator<{ loud?: boolean }>(GREETING)(names, options);

type Handler = { loud: boolean; run: (name: string) => unknown };

@Injectable()
class GreetingRegistry extends MethodRegistry<Handler, { loud?: boolean }> {
  protected readonly metadataKey = GREETING;
  protected toHandler(call: (...args: never[]) => unknown, options: { loud?: boolean }): Handler {
    return { loud: options.loud ?? false, run: call as (name: string) => unknown };
  }
}

@Injectable()
class Greeter {
  private readonly salutation = 'Hello';

  @Greeting('Greet.hello')
  hello(name: string): string {
    return `${this.salutation} ${name}`;
  }

  @Greeting(['Greet.shout', 'Greet.yell'], { loud: true })
  shout(name: string): string {
    return `${this.salutation.toUpperCase()} ${name.toUpperCase()}`;
  }

  notAMethodOfTheRegistry(): string {
    return 'never registered';
  }
}

/** A host's own module: its methods are found as the library's are. */
@Injectable()
class HostGreeter {
  @Greeting('Host.bye')
  bye(name: string): string {
    return `Bye ${name}`;
  }
}
@Module({ providers: [HostGreeter] })
class HostModule {}

describe('MethodRegistry', () => {
  it('finds every decorated method of every module, bound to its instance, under each of its names', async () => {
    const app = await Test.createTestingModule({
      imports: [DiscoveryModule, HostModule],
      providers: [GreetingRegistry, Greeter],
    }).compile();
    await app.init();
    const registry = app.get(GreetingRegistry);
    expect(registry.names().sort()).toEqual([
      'Greet.hello',
      'Greet.shout',
      'Greet.yell',
      'Host.bye',
    ]);
    expect(registry.find('Greet.hello')!.run('Ann')).toBe('Hello Ann');
    expect(registry.find('Greet.yell')).toMatchObject({ loud: true });
    expect(registry.find('Greet.yell')!.run('Bo')).toBe('HELLO BO');
    expect(registry.find('Host.bye')!.run('Cy')).toBe('Bye Cy');
    expect(registry.find('notAMethodOfTheRegistry')).toBeUndefined();
  });

  it('refuses a name registered twice, naming it', async () => {
    @Injectable()
    class Clash {
      @Greeting('Greet.hello')
      again(): string {
        return 'clash';
      }
    }
    const app = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [GreetingRegistry, Greeter, Clash],
    }).compile();
    await expect(app.init()).rejects.toThrow('Method Greet.hello is already registered');
  });
});
