import { join } from 'node:path';
import { type GrpcOptions, Transport } from '@nestjs/microservices';

/** The `.proto` files shipped with the package (`proto/` at its root). */
export const SESSION_JWT_PROTO_DIR = join(__dirname, '..', '..', 'proto');
export const AUTHENTICATION_PROTO = join(SESSION_JWT_PROTO_DIR, 'authentication.proto');
export const WHOAMI_PROTO = join(SESSION_JWT_PROTO_DIR, 'whoami.proto');

/**
 * Options for `app.connectMicroservice(...)`: the gRPC server on `url`
 * (`0.0.0.0:50051`) serving `axxonsoft.bl.auth`, plus any other packages the
 * host serves beside it. Field names are kept as the protos write them (`user_name`).
 */
export function sessionJwtGrpcOptions(
  url: string,
  others: Array<{ package: string; protoPath: string }> = [],
): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: ['axxonsoft.bl.auth', ...others.map((other) => other.package)],
      protoPath: [AUTHENTICATION_PROTO, ...others.map((other) => other.protoPath)],
      loader: { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true },
    },
  };
}
