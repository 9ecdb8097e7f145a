import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DefaultDenyGuard } from './default-deny.guard';
import { Public } from './exempt-from-global-guard.decorator';
import { UseAuth } from './use-auth.decorator';

@Controller()
class SampleController {
  @Get('open') @Public() open(): void {}
  @Get('own') @UseAuth({ canActivate: () => true }) own(): void {}
  @Get('plain') plain(): void {}
}

function contextFor(handler: keyof SampleController): ExecutionContext {
  return {
    getHandler: () => SampleController.prototype[handler],
    getClass: () => SampleController,
  } as unknown as ExecutionContext;
}

describe('DefaultDenyGuard', () => {
  const guard = new DefaultDenyGuard(new Reflector());

  it('lets public routes and routes with their own guard through', () => {
    expect(guard.canActivate(contextFor('open'))).toBe(true);
    expect(guard.canActivate(contextFor('own'))).toBe(true);
  });

  it('refuses any other route with the uniform 401', () => {
    expect(() => guard.canActivate(contextFor('plain'))).toThrow(
      expect.objectContaining({ code: 'invalid_credentials' }),
    );
  });
});
