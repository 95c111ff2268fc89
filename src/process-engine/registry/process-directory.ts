// A process directory on disk (domain.md §1.1): `process.edn` plus `templates/<name>/<name>-html.html`,
// `<name>-subject.txt` and optionally `<name>-text.txt`. Read by `bazaar process push` and by the
// bootstrap of Bazaar's own processes; other files are ignored.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One template directory's files as found; a missing file is left out (push reports it). */
export interface TemplateFiles {
  subject?: string;
  html?: string;
  text?: string;
}

/** What a process directory holds. */
export interface ProcessFiles {
  source: string;
  templates: Record<string, TemplateFiles>;
}

/** The file names of template `name` inside `templates/<name>/`. */
export const templateFileNames = (name: string) => ({
  subject: `${name}-subject.txt`,
  html: `${name}-html.html`,
  text: `${name}-text.txt`,
});

/** Thrown when a path is not a readable process directory. */
export class ProcessDirectoryError extends Error {
  override readonly name = 'ProcessDirectoryError';
}

const readIfFile = (path: string): string | undefined =>
  existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;

/** Reads process.edn and every template directory under `dir`; throws ProcessDirectoryError. */
export function readProcessDirectory(dir: string): ProcessFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ProcessDirectoryError(`${dir} is not a directory.`);
  }
  const source = readIfFile(join(dir, 'process.edn'));
  if (source === undefined) {
    throw new ProcessDirectoryError(`${dir} is not a process directory: it has no process.edn.`);
  }
  const templates: Record<string, TemplateFiles> = {};
  const templatesDir = join(dir, 'templates');
  if (existsSync(templatesDir) && statSync(templatesDir).isDirectory()) {
    for (const entry of readdirSync(templatesDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const files = templateFileNames(entry.name);
      const base = join(templatesDir, entry.name);
      const subject = readIfFile(join(base, files.subject));
      const html = readIfFile(join(base, files.html));
      const text = readIfFile(join(base, files.text));
      templates[entry.name] = {
        ...(subject === undefined ? {} : { subject }),
        ...(html === undefined ? {} : { html }),
        ...(text === undefined ? {} : { text }),
      };
    }
  }
  return { source, templates };
}
