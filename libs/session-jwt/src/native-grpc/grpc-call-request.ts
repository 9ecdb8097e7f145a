import type { ExecutionContext } from '@nestjs/common';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';

/**
 * What the passport strategies and the rate limits read of an HTTP request,
 * taken from a gRPC call: the `authorization` metadata (as the header) and
 * the peer's address (as `ip`). One per call, shared by its guard and handler.
 */
export interface GrpcCallRequest {
  headers: { authorization?: string; 'user-agent'?: string };
  ip: string | undefined;
}

const requests = new WeakMap<object, GrpcCallRequest>();

export function requestOfCall(
  metadata: Metadata,
  call: Pick<ServerUnaryCall<unknown, unknown>, 'getPeer'> | undefined,
): GrpcCallRequest {
  const key = (call ?? metadata) as object;
  let request = requests.get(key);
  if (!request) {
    request = {
      headers: {
        authorization: single(metadata, 'authorization'),
        'user-agent': single(metadata, 'user-agent'),
      },
      ip: peerAddress(call?.getPeer()),
    };
    requests.set(key, request);
  }
  return request;
}

export function requestOfContext(context: ExecutionContext): GrpcCallRequest {
  return requestOfCall(
    context.switchToRpc().getContext<Metadata>(),
    context.getArgByIndex<ServerUnaryCall<unknown, unknown> | undefined>(2),
  );
}

/** A metadata value given exactly once as text; repeated or binary values count as absent. */
function single(metadata: Metadata, name: string): string | undefined {
  const values = metadata.get(name);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
}

/** `ipv4:127.0.0.1:5555` → `127.0.0.1`, `ipv6:[::1]:5555` → `::1`. */
export function peerAddress(peer: string | undefined): string | undefined {
  if (!peer) return undefined;
  const match = /^ipv4:([^:]+):\d+$/.exec(peer) ?? /^ipv6:\[([^\]]+)\]:\d+$/.exec(peer);
  return match?.[1] ?? peer;
}
