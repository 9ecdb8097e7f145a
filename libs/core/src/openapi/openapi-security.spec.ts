import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import {
  OpenApiSecurityRegistry,
  addAuthkitSecurity,
  type OpenApiDocumentBuilder,
  openApiSecurity,
} from './openapi-security';

function recordingBuilder(): OpenApiDocumentBuilder & { names: string[] } {
  const names: string[] = [];
  const builder = {
    names,
    addApiKey: (_options: unknown, name: string) => (names.push(name), builder),
    addBearerAuth: (_options: unknown, name: string) => (names.push(name), builder),
    addBasicAuth: (_options: unknown, name: string) => (names.push(name), builder),
  };
  return builder;
}

const declareSite = (builder: OpenApiDocumentBuilder) =>
  builder.addApiKey({ type: 'apiKey', in: 'header', name: 'X-Site' }, 'X-Site');
const declareRealm = (builder: OpenApiDocumentBuilder) =>
  builder.addApiKey({ type: 'apiKey', in: 'header', name: 'X-Access-Token' }, 'X-Access-Token');

describe('addAuthkitSecurity', () => {
  it('documents what each app mounts, not what another app in the process mounted, and a module mounted twice once', async () => {
    const siteApp = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [OpenApiSecurityRegistry, openApiSecurity('saas-site', declareSite)],
    }).compile();
    const realmApp = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        OpenApiSecurityRegistry,
        openApiSecurity('token-realm', declareRealm),
        {
          provide: 'second mount',
          useValue: openApiSecurity('token-realm', declareRealm).useValue,
        },
      ],
    }).compile();
    expect(addAuthkitSecurity(siteApp, recordingBuilder()).names).toEqual(['X-Site']);
    expect(addAuthkitSecurity(realmApp, recordingBuilder()).names).toEqual(['X-Access-Token']);
    const bare = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [OpenApiSecurityRegistry],
    }).compile();
    expect(addAuthkitSecurity(bare, recordingBuilder()).names).toEqual([]);
  });
});
