import { inHostSchema } from '../database/in-host-schema';
import { CreateLoginThrottleTables1766000600000 } from './migrations/1766000600000-create-login-throttle-tables';

/** The login limits' tables (shared counters, known sign-in addresses): add them to your TypeOrmModule's migrations. */
export const loginThrottleMigrations = inHostSchema([CreateLoginThrottleTables1766000600000]);

export const LOGIN_COUNTER_TABLE = 'authkit_login_counter';
export const LOGIN_KNOWN_ADDRESS_TABLE = 'authkit_login_known_address';
