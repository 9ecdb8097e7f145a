import { HttpException } from '@nestjs/common';

/** How a command reports: one JSON object on stdout with --json, readable lines otherwise. */
export interface OutputOptions {
  json?: boolean;
}

export function printResult(
  result: Record<string, unknown>,
  options: OutputOptions,
  human: string,
): void {
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${human}\n`);
}

/** Failures go to stderr (as JSON with --json) and set a non-zero exit code. */
export function printFailure(error: unknown, options: OutputOptions): void {
  let code = 'error';
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpException) {
    const body = error.getResponse() as { code?: string; message?: string };
    code = body.code ?? code;
    message = body.message ?? message;
  }
  process.stderr.write(
    options.json ? `${JSON.stringify({ error: code, message })}\n` : `error: ${message}\n`,
  );
  process.exitCode = 1;
}

/** Runs a command body, reporting its failure instead of throwing. */
export async function reporting(options: OutputOptions, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    printFailure(error, options);
  }
}

// C0/C1 controls, DEL, line/paragraph separators and bidirectional overrides: they could rewrite
// an operator's terminal (escape sequences) or disguise what a line says.
const TERMINAL_UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text a client chose (a user name, a user agent), made safe to print on a terminal: unsafe characters as `\uXXXX`. */
export function terminalSafe(value: string): string {
  return value.replace(
    TERMINAL_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
