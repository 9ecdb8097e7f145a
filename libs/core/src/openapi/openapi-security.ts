import type { DocumentBuilder } from '@nestjs/swagger';

type SecurityDeclarer = (builder: DocumentBuilder) => unknown;

const declarers = new Map<string, SecurityDeclarer>();

/** Called by each scheme module when it is mounted: how to declare its security schemes in OpenAPI. */
export function registerOpenApiSecurity(scheme: string, declare: SecurityDeclarer): void {
  declarers.set(scheme, declare);
}

/** Declares the security schemes of every mounted authkit scheme in an OpenAPI document: one call instead of one per scheme. */
export function addAuthkitSecurity(builder: DocumentBuilder): DocumentBuilder {
  for (const declare of declarers.values()) declare(builder);
  return builder;
}
