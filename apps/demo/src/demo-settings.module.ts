import { Global, Module } from '@nestjs/common';
import { DEMO_SETTINGS, demoModuleSettingsFromEnv } from './demo-settings';

/** The demo's settings, read from the environment once, when the app is built. */
@Global()
@Module({
  providers: [{ provide: DEMO_SETTINGS, useFactory: () => demoModuleSettingsFromEnv(process.env) }],
  exports: [DEMO_SETTINGS],
})
export class DemoSettingsModule {}
