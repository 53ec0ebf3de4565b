/**
 * The errors a command may throw. The one entry point (src/main.ts) maps them
 * to exit codes: OriginError -> 1, UsageError -> 2; anything else is a bug and
 * exits 1 with its stack when ORIGIN_DEBUG is set.
 */
export class OriginError extends Error {
  readonly exitCode: number = 1;
  /** Extra lines printed after the message (candidates, hints). */
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'OriginError';
    this.details = details;
  }
}

export class UsageError extends OriginError {
  override readonly exitCode = 2;
  constructor(message: string, details: string[] = []) {
    super(message, details);
    this.name = 'UsageError';
  }
}
