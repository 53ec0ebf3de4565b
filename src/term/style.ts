import { createColors } from 'picocolors';
import type { IO } from '../io.js';

/**
 * Colour only for a person at a terminal: never when stdout is piped or a
 * file, never when NO_COLOR is set (https://no-color.org), always when
 * FORCE_COLOR asks for it.
 */
export function colourLevel(io: IO): 0 | 1 | 2 | 3 {
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (!io.stdoutIsTTY || env.TERM === 'dumb') return 0;
  return 1;
}

/** The styles the commands use; each is the identity without colour. */
export interface Styler {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

/**
 * picocolors rather than chalk: recall and list print through this on the
 * hot path, and chalk's import (with its supports-color probe loading
 * node:os) cost every run about a millisecond and a half.
 */
export function styler(io: IO): Styler {
  return createColors(colourLevel(io) > 0);
}

/** Removes terminal control characters from text read out of files before printing it. */
export function safeText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}
