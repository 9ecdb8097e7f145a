import { User } from './entities/user.entity';
import { CreateUsers1763800000000 } from './migrations/1763800000000-create-users';

export const identityEntities = [User];
export const identityMigrations = [CreateUsers1763800000000];
