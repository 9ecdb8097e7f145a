/**
 * A module's options with its defaults under them, built once per module (the
 * `RESOLVED_*_OPTIONS` provider of each scheme). An option given as
 * `undefined` keeps its default, as if it were absent.
 */
export function withDefaults<Defaults extends object, Options extends object>(
  defaults: Defaults,
  options: Options | undefined,
): Defaults & Options {
  const given = Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  );
  return { ...defaults, ...given } as Defaults & Options;
}
