export { type UserProfile, User } from './entities/user.entity';
export { Role } from './entities/role.entity';
export { RoleService } from './role.service';
export { UserService } from './user.service';
export { NewUser } from './new-user';
export { AuthkitUserStore } from './authkit-user-store';
export { IdentityModule } from './identity.module';
export { IDENTITY_OPTIONS, type IdentityModuleOptions } from './identity.module-definition';
export { identityEntities, identityMigrations } from './identity.persistence';
