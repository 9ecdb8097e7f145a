import type * as Swagger from '@nestjs/swagger';

/**
 * @nestjs/swagger is an optional peer: the schemes document their routes with
 * its decorators when the host has it, and run unchanged without it (every
 * decorator then does nothing). Only a missing package is tolerated.
 */
function loadSwagger(): typeof Swagger | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nestjs/swagger') as typeof Swagger;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String((error as Error).message).includes('@nestjs/swagger')
    )
      return undefined;
    throw error;
  }
}

const swagger = loadSwagger();
const nothing = () => () => undefined;

/** A swagger decorator factory, by shape: the packages' declarations must not name @nestjs/swagger. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Documenting<D = MethodDecorator & ClassDecorator> = (...options: any[]) => D;

/** Whether the host has @nestjs/swagger (so that OpenAPI helpers may use it). */
export const openApiAvailable = swagger !== undefined;

export const ApiBadRequestResponse: Documenting = swagger?.ApiBadRequestResponse ?? nothing;
export const ApiBasicAuth: Documenting = swagger?.ApiBasicAuth ?? nothing;
export const ApiBearerAuth: Documenting = swagger?.ApiBearerAuth ?? nothing;
export const ApiBody: Documenting<MethodDecorator> = swagger?.ApiBody ?? nothing;
export const ApiConsumes: Documenting = swagger?.ApiConsumes ?? nothing;
export const ApiForbiddenResponse: Documenting = swagger?.ApiForbiddenResponse ?? nothing;
export const ApiHeader: Documenting = swagger?.ApiHeader ?? nothing;
export const ApiOkResponse: Documenting = swagger?.ApiOkResponse ?? nothing;
export const ApiProperty: Documenting<PropertyDecorator> = swagger?.ApiProperty ?? nothing;
export const ApiSecurity: Documenting = swagger?.ApiSecurity ?? nothing;
export const ApiTags: Documenting = swagger?.ApiTags ?? nothing;
export const ApiUnauthorizedResponse: Documenting = swagger?.ApiUnauthorizedResponse ?? nothing;
