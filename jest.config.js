// Four projects: fast unit tests beside the code they test; end-to-end
// suites in test/ that run the real app over HTTP against real PostgreSQL
// (one embedded server per run unless DATABASE_URL is set; a database per file);
// the five schemes' suites again with the app on Fastify; and again in a host's own schema.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  rootDir: __dirname,
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
    // ES-module-only dependencies, compiled to CommonJS for jest (see the transform's comment).
    '^.+/node_modules/(jose|content-disposition)/.+\\.js$':
      '<rootDir>/test/support/esm-to-commonjs.transform.js',
  },
  transformIgnorePatterns: ['^(?!.*/node_modules/(jose|content-disposition)/).*/node_modules/'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
};

module.exports = {
  maxWorkers: 2,
  // A global option only (jest ignores it inside a project): the e2e suites spawn real processes.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/libs/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The five schemes' suites once more on Fastify: the same files, the host's platform from HTTP_PLATFORM.
      ...shared,
      displayName: 'e2e:fastify',
      testMatch: [
        'identity',
        'saas-site',
        'password-login',
        'partner-login',
        'token-realm',
        'session-jwt',
      ].map((scheme) => `<rootDir>/{test,libs}/${scheme}/**/*.e2e-spec.ts`),
      setupFiles: ['<rootDir>/test/support/on-fastify.js'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // And once more with every table in a schema of the host's (TypeORM's `schema`): migrations,
      // raw SQL and entities must all land there; a table left in public fails the file.
      ...shared,
      displayName: 'e2e:schema',
      testMatch: [
        'identity',
        'saas-site',
        'password-login',
        'partner-login',
        'token-realm',
        'session-jwt',
      ].map((scheme) => `<rootDir>/{test,libs}/${scheme}/**/*.e2e-spec.ts`),
      setupFiles: ['<rootDir>/test/support/in-host-schema.js'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
