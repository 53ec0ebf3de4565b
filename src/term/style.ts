import { Chalk, type ChalkInstance } from 'chalk';
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

export function styler(io: IO): ChalkInstance {
  return new Chalk({ level: colourLevel(io) });
}

/** Removes terminal control characters from text read out of files before printing it. */
export function safeText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}
