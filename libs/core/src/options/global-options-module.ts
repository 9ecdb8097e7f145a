import type { DynamicModule, Type } from '@nestjs/common';

/**
 * The `forRoot`/`forRootAsync` of a module every scheme imports by itself
 * (AuthCoreModule, LoginThrottleModule): the options module, made global so
 * that the shared module's providers find its options, importing that module.
 */
export function withGlobalOptions(
  optionsModule: DynamicModule,
  sharedModule: Type,
  optionsToken: string | symbol,
): DynamicModule {
  return {
    ...optionsModule,
    global: true,
    imports: [...(optionsModule.imports ?? []), sharedModule],
    exports: [optionsToken],
  };
}
