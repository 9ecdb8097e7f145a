import { adoptionSuite } from './adoption-suite';

adoptionSuite({ nest: 11, module: 'commonjs', platform: 'express' });
