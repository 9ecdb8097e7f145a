import { ApiError } from '@authkit/core';

/** Standard input, whole, without its one trailing newline: a secret piped or typed in, never on the command line. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * The secret given on the command line (`--password <value>`) or, better (a
 * command line shows in `ps` to every local user), from standard input
 * (`--password-stdin`); at most one of the two.
 */
export async function secretOption(
  given: { flag: string; value: string | undefined },
  stdin: { flag: string; used: boolean | undefined },
): Promise<string | undefined> {
  if (given.value !== undefined && stdin.used)
    throw ApiError.badRequest(`${given.flag} and ${stdin.flag} exclude each other`);
  if (!stdin.used) return given.value;
  const secret = await readStdin();
  if (secret === '') throw ApiError.badRequest(`${stdin.flag} read nothing from standard input`);
  return secret;
}
