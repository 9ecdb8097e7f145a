import { inHostSchema } from '@authkit/core/internal';
import { Role } from './entities/role.entity';
import { User } from './entities/user.entity';
import { CreateUsers1763800000000 } from './migrations/1763800000000-create-users';
import { CreateRoles1764000000000 } from './migrations/1764000000000-create-roles';
import { UsernameKey1766000100000 } from './migrations/1766000100000-username-key';

export const identityEntities = [User, Role];
export const identityMigrations = inHostSchema([
  CreateUsers1763800000000,
  CreateRoles1764000000000,
  UsernameKey1766000100000,
]);
