export * from './entities/user.entity';
export * from './entities/role.entity';
export * from './role.service';
export * from './user.service';
export * from './identity.module';
export { IDENTITY_OPTIONS, type IdentityModuleOptions } from './identity.module-definition';
export * from './identity.persistence';
