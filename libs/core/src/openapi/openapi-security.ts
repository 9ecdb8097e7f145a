import { Injectable, type INestApplicationContext, type ValueProvider } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

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

const DECLARES_OPENAPI_SECURITY = Symbol.for('authkit:declaresOpenApiSecurity');

interface OpenApiSecurityDeclaration {
  [DECLARES_OPENAPI_SECURITY]: SecurityDeclarer;
}

/**
 * A scheme module's provider saying how to declare its security schemes in
 * OpenAPI. It lives in the app's own container, so two apps in one process
 * (tests, a gateway and a worker) each document only what they mount.
 */
export function openApiSecurity(scheme: string, declare: SecurityDeclarer): ValueProvider {
  const declaration: OpenApiSecurityDeclaration = { [DECLARES_OPENAPI_SECURITY]: declare };
  return { provide: `authkit:openApiSecurity:${scheme}`, useValue: declaration };
}

/** Finds every mounted scheme's declaration among the app's providers (Nest's DiscoveryService). */
@Injectable()
export class OpenApiSecurityRegistry {
  constructor(private readonly discovery: DiscoveryService) {}

  declareOn<B extends OpenApiDocumentBuilder>(builder: B): B {
    const declared = new Set<SecurityDeclarer>();
    for (const { instance } of this.discovery.getProviders()) {
      const declare = (instance as Partial<OpenApiSecurityDeclaration> | null | undefined)?.[
        DECLARES_OPENAPI_SECURITY
      ];
      // A module mounted several times (a token realm per mount) declares once.
      if (typeof declare !== 'function' || declared.has(declare)) continue;
      declared.add(declare);
      declare(builder);
    }
    return builder;
  }
}

/**
 * Declares the security schemes of every authkit scheme mounted in `app` in
 * an OpenAPI document: one call instead of one per scheme.
 */
export function addAuthkitSecurity<B extends OpenApiDocumentBuilder>(
  app: INestApplicationContext,
  builder: B,
): B {
  return app.get(OpenApiSecurityRegistry, { strict: false }).declareOn(builder);
}
