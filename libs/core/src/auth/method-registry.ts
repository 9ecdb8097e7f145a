/**
 * Named handlers that a dispatcher (partner login's JSON-RPC, session JWT's `/grpc`)
 * calls by name; other modules register their own in `onModuleInit`.
 */
export class MethodRegistry<Handler> {
  private readonly handlers = new Map<string, Handler>();

  register(name: string, handler: Handler): void {
    if (this.handlers.has(name)) throw new Error(`Method ${name} is already registered`);
    this.handlers.set(name, handler);
  }

  find(name: string): Handler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}
