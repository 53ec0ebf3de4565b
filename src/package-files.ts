import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's own folder (where `templates/` lives), found by
 * walking up from this module: it works from `dist/` (bundled) and from
 * `src/` (tests) alike.
 */
let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return (cached = dir);
    dir = dirname(dir);
  }
  throw new Error('cannot find the origin package folder (templates/ is missing)');
}
