// Everything checked before a process version is stored: the process name, each template's files
// and Handlebars syntax, and the process.edn itself (checkProcess, with the complete templates so a
// notification naming a missing one is an error). Problems name where they are, like the checker's.
import Handlebars from 'handlebars';
import { DomainError } from '../../domain/errors.ts';
import { PROCESS_NAME_RE, type ProcessTemplate } from '../../domain/processes/index.ts';
import { checkProcess, type ProcessDefinition, type ProcessProblem } from '../definition/index.ts';
import { templateFileNames, type TemplateFiles } from './process-directory.ts';

/** A validated push: the definition, the complete templates and the non-fatal warnings. */
export interface ValidatedPush {
  readonly definition: ProcessDefinition;
  readonly templates: Record<string, ProcessTemplate>;
  readonly warnings: readonly ProcessProblem[];
}

const syntaxProblem = (path: string, text: string): ProcessProblem | undefined => {
  try {
    Handlebars.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { path, message: `invalid Handlebars template: ${message.replace(/\s+/g, ' ').trim()}` };
  }
};

/** Checks one template directory's files; returns the template when it is complete and parses. */
function checkTemplate(
  name: string,
  files: TemplateFiles,
  problems: ProcessProblem[],
): ProcessTemplate | undefined {
  const path = `templates/${name}`;
  if (!PROCESS_NAME_RE.test(name)) {
    problems.push({
      path,
      message: 'template directory names use letters, digits, ".", "_" and "-"',
    });
    return undefined;
  }
  const names = templateFileNames(name);
  const { subject, html, text } = files;
  if (subject === undefined) problems.push({ path, message: `missing ${names.subject}` });
  if (html === undefined) problems.push({ path, message: `missing ${names.html}` });
  const syntax = [
    subject === undefined ? undefined : syntaxProblem(`${path}/${names.subject}`, subject),
    html === undefined ? undefined : syntaxProblem(`${path}/${names.html}`, html),
    text === undefined ? undefined : syntaxProblem(`${path}/${names.text}`, text),
  ].filter((p): p is ProcessProblem => p !== undefined);
  problems.push(...syntax);
  if (subject === undefined || html === undefined || syntax.length > 0) return undefined;
  return text === undefined ? { subject, html } : { subject, html, text };
}

/** The bad-request error a rejected push throws: every problem, each with its location. */
export function processInvalidError(
  name: string,
  problems: readonly ProcessProblem[],
): DomainError {
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
  return new DomainError(
    'bad-request',
    'process-invalid',
    `Process ${name} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was stored:\n${lines.join('\n')}`,
    { details: { problems } },
  );
}

/**
 * Validates a process push (name, templates, process.edn). Throws bad-request `process-invalid`
 * listing every problem (nothing is stored then), or validation-invalid-value for a bad name.
 */
export function validatePush(input: {
  readonly name: string;
  readonly source: string;
  readonly templates: Readonly<Record<string, TemplateFiles>>;
}): ValidatedPush {
  if (!PROCESS_NAME_RE.test(input.name)) {
    throw new DomainError(
      'bad-request',
      'validation-invalid-value',
      `Invalid process name "${input.name}": use letters, digits, ".", "_" and "-" (at most 100 characters, no "/").`,
    );
  }
  const problems: ProcessProblem[] = [];
  const templates: Record<string, ProcessTemplate> = {};
  for (const [name, files] of Object.entries(input.templates).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const template = checkTemplate(name, files, problems);
    if (template) templates[name] = template;
  }
  // Templates with a problem are left out of the list, so notifications naming them are reported
  // too ("missing template"), as the CLI does for a directory without both files.
  const check = checkProcess(input.source, { templates: Object.keys(templates) });
  problems.push(...check.problems);
  if (problems.length > 0 || check.definition === undefined)
    throw processInvalidError(input.name, problems);
  return { definition: check.definition, templates, warnings: check.warnings };
}
