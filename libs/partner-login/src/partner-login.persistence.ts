import { inHostSchema } from '@authkit/core/internal';
import { ApiCode } from './entities/api-code.entity';
import { RpcSession } from './entities/rpc-session.entity';
import { UsedLoginToken } from './entities/used-login-token.entity';
import { CreatePartnerLogin1763800500000 } from './migrations/1763800500000-create-partner-login';
import { ApiCodeSecretGeneration1766000500000 } from './migrations/1766000500000-api-code-secret-generation';
import { PartnerSessionUserIdAsText1765000500000 } from './migrations/1765000500000-partner-session-user-id-as-text';
import { ApiCodeSecretGrace1767000400000 } from './migrations/1767000400000-api-code-secret-grace';

export const partnerLoginEntities = [ApiCode, RpcSession, UsedLoginToken];
export const partnerLoginMigrations = inHostSchema([
  CreatePartnerLogin1763800500000,
  PartnerSessionUserIdAsText1765000500000,
  ApiCodeSecretGeneration1766000500000,
  ApiCodeSecretGrace1767000400000,
]);
