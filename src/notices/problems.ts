/**
 * The one shape of a problem, whoever finds it (a notice, the whole directory, a loader) and
 * whoever shows it (`npm run validate`, the contribution form, the importer's report, the
 * moderators' report). `code` is a stable kebab-case id for programs (`--fix`, tests, the form);
 * `message` is the French sentence people read, next to `field`.
 */
export type Level = 'erreur' | 'avertissement';

export interface Problem {
  /** Stable id of the rule, e.g. « nom-de-fichier » (never parse `message`). */
  code: string;
  level: Level;
  /** The file as the person gave it or as the repository names it. */
  file: string;
  /** The notice key, or « fichier », « texte de la notice »… */
  field: string;
  message: string;
}

/** The field name of a notice's Markdown body in messages. */
export const BODY_FIELD = 'texte de la notice';
/** The field name of a proposal's message to the moderators (the form's control has the same name). */
export const MESSAGE_FIELD = 'message';

/** Problems found before knowing the file: the caller adds it. */
export type FileProblem = Omit<Problem, 'file'>;

export const inFile = (file: string, problems: readonly FileProblem[]): Problem[] => problems.map((p) => ({ ...p, file }));

export const isError = (problem: Pick<Problem, 'level'>): boolean => problem.level === 'erreur';

/** « fichier : champ : message », the form every command prints. */
export function problemLine(problem: Problem): string {
  return `${problem.file} : ${problem.field} : ${problem.message}`;
}
