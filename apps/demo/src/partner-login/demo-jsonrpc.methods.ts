import { Injectable } from '@nestjs/common';
import { currentPrincipal } from '@authkit/core/internal';
import {
  type JsonRpcCall,
  JsonRpcMethod,
  type PartnerSessionPrincipal,
} from '@authkit/partner-login';

/**
 * A JSON-RPC method of the demo's own, registered with the decorator: the
 * library authenticates the call (passport's session strategy), fills the
 * request context and audits the attempt; the method only does its work.
 */
@Injectable()
export class DemoJsonRpcMethods {
  @JsonRpcMethod('Demo.greet')
  greet(
    params: Record<string, unknown>,
    call: JsonRpcCall,
  ): { greeting: string; same_principal: boolean } {
    const name = typeof params.name === 'string' ? params.name.slice(0, 100) : 'there';
    return {
      greeting: `Hello ${name}, from ${call.principal!.user.username}`,
      same_principal:
        (currentPrincipal() as PartnerSessionPrincipal | undefined)?.user.id ===
        call.principal!.user.id,
    };
  }
}
