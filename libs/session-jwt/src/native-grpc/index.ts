// `@authkit/session-jwt/native-grpc`: session JWT over native gRPC. A separate entry point, so
// that hosts without gRPC need neither @nestjs/microservices nor @grpc/grpc-js.
export { AuthenticationServiceGrpcController } from './authentication-service.grpc-controller';
export { SessionJwtGrpcGuard } from './session-jwt-grpc.guard';
export { GrpcStatusFilter, toGrpcError } from './grpc-status.filter';
export { requestOfCall, type GrpcCallRequest } from './grpc-call-request';
export {
  sessionJwtGrpcOptions,
  SESSION_JWT_PROTO_DIR,
  AUTHENTICATION_PROTO,
  WHOAMI_PROTO,
} from './grpc-options';
