import passport from 'passport';
import { isThenable } from '../concurrency/maybe-promise';

/** A Nest `PassportStrategy` over passport-custom, as every authkit scheme's strategy is. */
export interface RequestValidator {
  validate(request: unknown): unknown;
}

interface PassportCustomShape {
  name?: unknown;
  _verify?: unknown;
  _passOptionsToCallback?: unknown;
  validate?: unknown;
}

/**
 * Whether passport would do nothing for this strategy but call `validate(request)`: a Nest
 * `PassportStrategy` built on passport-custom (which names itself `custom` and, without
 * `passOptionsToCallback`, verifies with the request alone).
 */
export function validatesRequestDirectly(strategy: unknown): strategy is RequestValidator {
  if (typeof strategy !== 'object' || strategy === null) return false;
  const shape = strategy as PassportCustomShape;
  return (
    shape.name === 'custom' &&
    typeof shape._verify === 'function' &&
    shape._passOptionsToCallback === false &&
    typeof shape.validate === 'function'
  );
}

/**
 * The strategies registered under `names`, when every one of them can be called directly;
 * undefined when any cannot (a host's own passport strategy), and passport must run them.
 */
export function requestValidators(names: readonly string[]): RequestValidator[] | undefined {
  const strategies: RequestValidator[] = [];
  for (const name of names) {
    const strategy = registeredStrategy(name);
    if (!validatesRequestDirectly(strategy)) return undefined;
    strategies.push(strategy);
  }
  return strategies;
}

/**
 * Whether passport's registry still holds exactly `validators` under `names`: a strategy
 * registered again under its name (another app in the same process) is resolved afresh.
 */
export function stillRegistered(
  names: readonly string[],
  validators: readonly RequestValidator[],
): boolean {
  for (let i = 0; i < names.length; i++)
    if (registeredStrategy(names[i]) !== validators[i]) return false;
  return true;
}

function registeredStrategy(name: string): unknown {
  return (passport as unknown as { _strategy(name: string): unknown })._strategy(name);
}

/** What passport's callback receives: an error, or the accepted user (false when every strategy refused). */
export type PassportOutcome = (error: unknown, user: unknown, info: unknown) => void;

/**
 * Passport's any-of chain for strategies that validate the request directly: each one's
 * `validate(request)` in turn; the first principal wins, a refusal (false) tries the next, a
 * throw stops the chain. What `passport.authenticate` does for them, without the strategy
 * object it derives for every attempt (`Object.create(strategy)` and five closures): on the
 * cached guarded path those kept about 2.7 KB per request alive past a young-generation GC
 * (docs/performance.md). A strategy that answers at once (a cache hit) is answered at once:
 * the chain returns a promise only when a strategy did. `respond` may throw; the chain then
 * throws, or its promise rejects.
 */
export function validateInTurn(
  strategies: readonly RequestValidator[],
  request: unknown,
  respond: PassportOutcome,
  from = 0,
): void | Promise<void> {
  for (let index = from; index < strategies.length; index++) {
    let result: unknown;
    try {
      result = strategies[index].validate(request);
    } catch (error) {
      return respond(error, undefined, undefined);
    }
    if (isThenable(result))
      return Promise.resolve(result).then(
        (settled: unknown) =>
          accepted(settled, respond)
            ? undefined
            : validateInTurn(strategies, request, respond, index + 1),
        (error: unknown) => respond(error, undefined, undefined),
      );
    if (accepted(result, respond)) return;
  }
  respond(null, false, undefined);
}

/** Whether a strategy's result is a principal, then answered; Nest's PassportStrategy passes an array on as passport's (user, info). */
function accepted(result: unknown, respond: PassportOutcome): boolean {
  const [user, info] = Array.isArray(result) ? result : [result, undefined];
  if (!user) return false;
  respond(null, user, info);
  return true;
}
