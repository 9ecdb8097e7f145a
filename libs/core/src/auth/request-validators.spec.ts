import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { requestValidators, validateInTurn, validatesRequestDirectly } from './request-validators';

type Validate = (request: unknown) => unknown;

let registered = 0;
/** A strategy as every authkit scheme writes one: Nest's PassportStrategy over passport-custom. */
function schemeStrategy(validate: Validate): string {
  const name = `request-validators-spec-${++registered}`;
  class SchemeStrategy extends PassportStrategy(CustomStrategy, name) {
    validate(request: unknown) {
      return validate(request);
    }
  }
  new SchemeStrategy();
  return name;
}

/** What passport.authenticate answers its callback for these strategies. */
function throughPassport(names: string[], request: object) {
  return new Promise<{ error: unknown; user: unknown }>((resolve) =>
    passport.authenticate(names, { session: false }, (error: unknown, user: unknown) =>
      resolve({ error, user }),
    )(request, {}, (error: unknown) => resolve({ error, user: undefined })),
  );
}

async function directly(names: string[], request: object) {
  let outcome: { error: unknown; user: unknown } | undefined;
  await validateInTurn(requestValidators(names)!, request, (error, user) => {
    outcome = { error, user };
  });
  return outcome!;
}

describe('calling scheme strategies directly', () => {
  const accept = (who: string) => schemeStrategy(async () => ({ who }));
  const refuse = () => schemeStrategy(async () => false);
  const fault = new Error('store unavailable');
  const fail = () =>
    schemeStrategy(async () => {
      throw fault;
    });

  it.each([
    ['the first accepts', () => [accept('a'), accept('b')]],
    ['the first refuses, the second accepts', () => [refuse(), accept('b')]],
    ['every one refuses', () => [refuse(), refuse()]],
    ['one throws: the chain stops', () => [fail(), accept('b')]],
    ['a refusal, then a throw', () => [refuse(), fail()]],
  ])('answers as passport.authenticate does when %s', async (_case, names) => {
    const chain = names();
    const request = { headers: {} };
    const expected = await throughPassport(chain, request);
    expect(await directly(chain, request)).toEqual(expected);
  });

  it('takes a Nest strategy over passport-custom, and leaves any other to passport', () => {
    const custom = passport as unknown as { _strategy(name: string): unknown };
    expect(validatesRequestDirectly(custom._strategy(accept('a')))).toBe(true);

    const withOptions = `request-validators-spec-options-${++registered}`;
    class WithOptions extends PassportStrategy(CustomStrategy, withOptions) {
      constructor() {
        super({ passOptionsToCallback: true });
      }
      validate() {
        return { who: 'x' };
      }
    }
    new WithOptions();
    expect(validatesRequestDirectly(custom._strategy(withOptions))).toBe(false);

    const other = `request-validators-spec-other-${++registered}`;
    passport.use(other, { name: other, authenticate() {} } as unknown as passport.Strategy);
    expect(requestValidators([accept('a'), other])).toBeUndefined();
    expect(requestValidators([accept('a'), refuse()])).toHaveLength(2);
  });

  it('hands an array result on as (user, info), as PassportStrategy does', async () => {
    const name = schemeStrategy(async () => [{ who: 'a' }, { scope: 'x' }]);
    const seen: unknown[] = [];
    await validateInTurn(requestValidators([name])!, {}, (...args) => seen.push(args));
    expect(seen).toEqual([[null, { who: 'a' }, { scope: 'x' }]]);
  });

  it('rejects when the callback throws (a refusal answered by the guard)', async () => {
    const refusal = new Error('401');
    await expect(
      validateInTurn(requestValidators([refuse()])!, {}, () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
  });

  it('answers at once when every strategy tried answers at once, and with a promise once one does not', async () => {
    const now = schemeStrategy(() => ({ who: 'now' }));
    const never = schemeStrategy(() => false);
    const later = schemeStrategy(async () => ({ who: 'later' }));
    const seen: unknown[] = [];
    const respond = (_error: unknown, user: unknown) => void seen.push(user);

    expect(validateInTurn(requestValidators([never, now])!, {}, respond)).toBeUndefined();
    expect(seen).toEqual([{ who: 'now' }]);

    const chain = validateInTurn(requestValidators([never, later, now])!, {}, respond);
    expect(chain).toBeInstanceOf(Promise);
    await chain;
    expect(seen).toEqual([{ who: 'now' }, { who: 'later' }]);

    const refusal = new Error('401');
    expect(() =>
      validateInTurn(requestValidators([never])!, {}, () => {
        throw refusal;
      }),
    ).toThrow(refusal);
  });

  it('waits for a strategy answering with a thenable that is not a native promise, and never takes it for a principal', async () => {
    const thenable = (value: unknown) => ({
      then: (resolve: (v: unknown) => void) => resolve(value),
    });
    const refusing = schemeStrategy(() => thenable(false));
    const accepting = schemeStrategy(() => thenable({ who: 'b' }));
    const seen: unknown[] = [];
    const respond = (_error: unknown, user: unknown) => void seen.push(user);
    await validateInTurn(requestValidators([refusing])!, {}, respond);
    await validateInTurn(requestValidators([refusing, accepting])!, {}, respond);
    expect(seen).toEqual([false, { who: 'b' }]);
  });
});
