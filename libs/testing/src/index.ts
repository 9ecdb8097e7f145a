// @authkit/testing: credentials and guard stand-ins for a host's own tests.
export { AuthkitTesting, type UserCredentialScheme } from './authkit-testing';
export { acceptAs } from './accept-as.guard';
