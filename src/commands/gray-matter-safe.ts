import matter from 'gray-matter';
import { parse as yamlParse } from 'yaml';

/**
 * Front matter of files written by other tools, read with gray-matter but
 * with every engine except YAML disabled: gray-matter would otherwise
 * `eval` a `---js` block. YAML is read with the 1.2 core schema (dates stay
 * strings). No options object would also make gray-matter cache by content.
 */
const refuse = (lang: string) => () => {
  throw new Error(`front matter language "${lang}" is not supported (only YAML is read)`);
};

export function readFrontMatterSafely(text: string): { data: Record<string, unknown>; body: string } {
  const file = matter(text, {
    language: 'yaml',
    engines: {
      yaml: (s: string) => (yamlParse(s, { schema: 'core' }) ?? {}) as object,
      javascript: refuse('javascript'),
      js: refuse('js'),
      json: refuse('json'),
      coffee: refuse('coffee'),
      cson: refuse('cson'),
      toml: refuse('toml'),
    },
  });
  const data = file.data && typeof file.data === 'object' && !Array.isArray(file.data) ? (file.data as Record<string, unknown>) : {};
  return { data, body: file.content };
}
