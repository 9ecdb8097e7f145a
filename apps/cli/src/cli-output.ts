import { HttpException } from '@nestjs/common';

/** How a command reports: one JSON object on stdout with --json, readable lines otherwise. */
export interface OutputOptions {
  json?: boolean;
}

export function printResult(result: Record<string, unknown>, options: OutputOptions, human: string): void {
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
  process.stderr.write(options.json ? `${JSON.stringify({ error: code, message })}\n` : `error: ${message}\n`);
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
