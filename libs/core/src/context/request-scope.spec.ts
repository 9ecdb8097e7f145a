import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import {
  currentVerificationNote,
  refused,
  type VerificationNote,
  withVerificationNote,
} from '../outcomes/refusal';
import { currentRequestScope, ensureRequestScope, installRequestScope } from './request-scope';

/** Runs `body` as a request of a server whose request scope is installed. */
function inRequest<T>(body: () => Promise<T>): Promise<T> {
  const server = new EventEmitter();
  let result!: Promise<T>;
  server.on('request', () => {
    result = body();
  });
  installRequestScope(server as unknown as Server);
  server.emit('request');
  return result;
}

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('request scope and verification notes', () => {
  it('gives each request its own scope', async () => {
    const seen = await Promise.all(
      [1, 2, 3].map((id) =>
        inRequest(async () => {
          ensureRequestScope().principal = id;
          await tick(3 - id);
          return currentRequestScope()?.principal;
        }),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(currentRequestScope()).toBeUndefined();
  });

  it('one verification after another uses the request’s own scope; a settled one is not current', async () => {
    await inRequest(async () => {
      const scope = currentRequestScope()!;
      const first: VerificationNote = {};
      await withVerificationNote(first, async () => {
        await tick();
        refused('expired');
        first.settled = true;
      });
      expect(scope.verification).toBe(first);
      expect(currentVerificationNote()).toBeUndefined();
      expect(refused('unknown')).toBeNull();
      expect(first.reason).toBe('expired');

      const second: VerificationNote = {};
      await withVerificationNote(second, async () => {
        refused('revoked');
        second.settled = true;
      });
      expect(scope.verification).toBe(second);
      expect(second.reason).toBe('revoked');
    });
  });

  it('a verification started beside one still running gets its own note, and both read the request’s principal', async () => {
    await inRequest(async () => {
      ensureRequestScope().principal = 'alice';
      const notes = Array.from({ length: 6 }, (): VerificationNote => ({}));
      const principals = await Promise.all(
        notes.map((note, index) =>
          withVerificationNote(note, async () => {
            await tick((index * 7) % 4);
            refused(index % 2 ? 'expired' : 'disabled');
            expect(currentVerificationNote()).toBe(note);
            // Inside a frame of its own, the request's scope is still the one written to.
            expect(ensureRequestScope()).toBe(currentRequestScope());
            const principal = currentRequestScope()?.principal;
            note.settled = true;
            return principal;
          }),
        ),
      );
      expect(principals).toEqual(Array(6).fill('alice'));
      notes.forEach((note, index) => expect(note.reason).toBe(index % 2 ? 'expired' : 'disabled'));
    });
  });
});
