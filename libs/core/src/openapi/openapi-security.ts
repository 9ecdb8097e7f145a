/**
 * The part of @nestjs/swagger's `DocumentBuilder` the schemes use, by shape: a host passes its
 * `new DocumentBuilder()`, and the packages' types need no @nestjs/swagger (an optional peer).
 */
export interface OpenApiDocumentBuilder {
  addApiKey(
    options: { type: 'apiKey'; in: 'header'; name: string; description?: string },
    name: string,
  ): this;
  addBearerAuth(
    options: { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description?: string },
    name: string,
  ): this;
  addBasicAuth(
    options: { type: 'http'; scheme: 'basic'; description?: string },
    name: string,
  ): this;
}

type SecurityDeclarer = (builder: OpenApiDocumentBuilder) => unknown;

const declarers = new Map<string, SecurityDeclarer>();

/** Called by each scheme module when it is mounted: how to declare its security schemes in OpenAPI. */
export function registerOpenApiSecurity(scheme: string, declare: SecurityDeclarer): void {
  declarers.set(scheme, declare);
}

/** Declares the security schemes of every mounted authkit scheme in an OpenAPI document: one call instead of one per scheme. */
export function addAuthkitSecurity<B extends OpenApiDocumentBuilder>(builder: B): B {
  for (const declare of declarers.values()) declare(builder);
  return builder;
}
