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
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes('@nestjs/swagger')) return undefined;
    throw error;
  }
}

const swagger = loadSwagger();
const nothing = (() => () => undefined) as never;

/** Whether the host has @nestjs/swagger (so that OpenAPI helpers may use it). */
export const openApiAvailable = swagger !== undefined;

export const ApiBadRequestResponse: typeof Swagger.ApiBadRequestResponse = swagger?.ApiBadRequestResponse ?? nothing;
export const ApiBasicAuth: typeof Swagger.ApiBasicAuth = swagger?.ApiBasicAuth ?? nothing;
export const ApiBearerAuth: typeof Swagger.ApiBearerAuth = swagger?.ApiBearerAuth ?? nothing;
export const ApiBody: typeof Swagger.ApiBody = swagger?.ApiBody ?? nothing;
export const ApiConsumes: typeof Swagger.ApiConsumes = swagger?.ApiConsumes ?? nothing;
export const ApiForbiddenResponse: typeof Swagger.ApiForbiddenResponse = swagger?.ApiForbiddenResponse ?? nothing;
export const ApiHeader: typeof Swagger.ApiHeader = swagger?.ApiHeader ?? nothing;
export const ApiOkResponse: typeof Swagger.ApiOkResponse = swagger?.ApiOkResponse ?? nothing;
export const ApiProperty: typeof Swagger.ApiProperty = swagger?.ApiProperty ?? nothing;
export const ApiSecurity: typeof Swagger.ApiSecurity = swagger?.ApiSecurity ?? nothing;
export const ApiTags: typeof Swagger.ApiTags = swagger?.ApiTags ?? nothing;
export const ApiUnauthorizedResponse: typeof Swagger.ApiUnauthorizedResponse = swagger?.ApiUnauthorizedResponse ?? nothing;
