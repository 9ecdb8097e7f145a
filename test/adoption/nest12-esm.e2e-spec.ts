import { adoptionSuite } from './adoption-suite';

adoptionSuite({ nest: 12, module: 'esm', platform: 'express', vitest: true, strictLibCheck: true });
