import { createRequire } from 'node:module';

/**
 * The `yaml` library, loaded on first use. Our own files take a fast path
 * that needs no YAML library at all; `yaml` (a large module) is only needed
 * for hand-written front matter, unknown keys and config files, so the hot
 * path of `start` and `recall` does not pay for loading it.
 */
type YamlModule = typeof import('yaml');
let loaded: YamlModule | undefined;

export function yamlLib(): YamlModule {
  if (!loaded) loaded = createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
