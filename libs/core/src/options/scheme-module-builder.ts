import { ConfigurableModuleBuilder, type Type } from '@nestjs/common';

/**
 * The `forRoot`/`forRootAsync` of a scheme module: its options (which may
 * come from a factory), plus its routes, fixed at mount time because they
 * name the controllers `mount` returns for them.
 */
export function buildSchemeModule<Options, Routes extends object>(
  mount: (routes: Routes) => Type[],
) {
  return new ConfigurableModuleBuilder<Options>()
    .setClassMethodName('forRoot')
    .setExtras<Routes>({} as Routes, (definition, routes) => ({
      ...definition,
      controllers: mount(routes),
    }))
    .build();
}
