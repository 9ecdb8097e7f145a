// jose 6 and content-disposition 3 (under @fastify/static, which Swagger uses on Fastify) ship ES
// modules only. The built apps load them with Node's require(esm); jest's CommonJS runtime cannot,
// so their files are compiled to CommonJS for tests, with TypeScript's own transpiler and class
// fields left as they are (ts-jest moved jose's field initialisers before `super()`, so that
// constructing any of its errors threw a ReferenceError instead).
const crypto = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  allowJs: true,
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  useDefineForClassFields: true,
  sourceMap: false,
};

module.exports = {
  process(source, filename) {
    return { code: ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText };
  },
  getCacheKey(source, filename) {
    return crypto
      .createHash('sha256')
      .update(`esm-to-commonjs 1\0${ts.version}\0${filename}\0${source}`)
      .digest('hex');
  },
};
