import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * docs/wire-contracts.md is the wire contract the project is built to, inside
 * the repository. Where the SPEC.md it follows sits beside the checkout
 * (../shared/SPEC.md), the two must say the same.
 */
const root = resolve(__dirname, '..');
const spec = join(root, '..', 'shared', 'SPEC.md');

(existsSync(spec) ? it : it.skip)(
  'docs/wire-contracts.md is the SPEC.md beside the repository, word for word',
  () => {
    const copy = readFileSync(join(root, 'docs', 'wire-contracts.md'), 'utf8').replace(
      /^<!--[^\n]*-->\n\n/,
      '',
    );
    expect(copy).toBe(readFileSync(spec, 'utf8'));
  },
);
