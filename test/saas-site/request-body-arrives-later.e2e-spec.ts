import { connect, type Socket } from 'node:net';
import { factories } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const MINT = '/api/method/jcloude.saas.api.auth.generate_access_token';

/** Reads one HTTP/1.1 answer (Content-Length framed) from a kept-alive socket. */
function nextAnswer(socket: Socket): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const text = buffered.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(text.slice(0, split))?.[1] ?? 0);
      if (buffered.length < split + 4 + length) return;
      socket.off('data', onData);
      done({
        status: Number(text.slice(9, 12)),
        body: buffered.subarray(split + 4, split + 4 + length).toString('utf8'),
      });
    };
    socket.on('data', onData);
    socket.once('error', fail);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The request scope is entered when a request's headers arrive; its body's chunks are emitted
 * later, in the connection's own async context, not the request's. Express's body parser and
 * Fastify's content-type parser carry the request's context over (both bind to it), so the
 * guard that runs after the body still fills the request's own scope. Two such requests on one
 * kept-alive connection: each reads its own principal, the second not the first's.
 */
describe('request context when the body arrives after the headers', () => {
  let t: TestApp;
  let site: { name: string; secret: string };

  beforeAll(async () => {
    t = await startTestApp({ label: 'body_later' });
    const given = factories(t.app);
    await given.user({ username: 'body-later-owner' });
    const made = await given.site('later.example.com', 'body-later-owner', 'later-team');
    site = { name: 'later.example.com', secret: made.secret };
  });
  afterAll(async () => t?.close());

  it('a guarded POST whose body comes in a later packet still reads its principal', async () => {
    const { hostname, port } = new URL(t.baseUrl);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    const body = '{}';
    for (let i = 0; i < 2; i++) {
      const answer = nextAnswer(socket);
      socket.write(
        `POST ${MINT} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\nX-Site: ${site.name}\r\nX-Site-Token: ${site.secret}\r\n\r\n`,
      );
      await pause(150);
      socket.write(body);
      const got = await answer;
      expect([got.status, got.body]).toEqual([200, expect.stringMatching(/"message":"/)]);
    }
    socket.destroy();
  });
});
