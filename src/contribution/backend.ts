/**
 * What the contribution handler needs from a forge: "open a proposal with these files and this
 * text". Two implementations: local git (default, offline) and GitLab (production).
 */

export interface ProposalFile {
  /** Repository-relative path, always under content/notices/ (checked by the handler). */
  path: string;
  content: string | Uint8Array;
  /** Whether the file is new on the default branch, or replaces an existing one. */
  action: 'create' | 'update';
  /**
   * For an update: the commit that last changed the file when it was read (GitLab's
   * `last_commit_id`). The forge refuses the proposal with a StaleFileError when the file has
   * changed on the target branch since, instead of silently undoing that change.
   */
  lastCommitId?: string;
}

/** A file as it is on the target branch right now. */
export interface BranchFile {
  content: string;
  /** The commit that last changed this file on the target branch. */
  lastCommitId: string;
}

export interface Proposal {
  /**
   * Derived from the proposal's content: the same proposal sent twice (retry, double click)
   * gives the same branch, and the backend treats "already there" as done.
   */
  branch: string;
  /** Merge request title, French. */
  title: string;
  /** Merge request description, Markdown, French, written for moderators. */
  description: string;
  commitMessage: string;
  files: ProposalFile[];
  labels: string[];
}

export interface ProposalResult {
  branch: string;
  /** Merge request web URL (GitLab), absent for the local backend. */
  url?: string;
  /** True when this proposal had already been opened (nothing new was created). */
  alreadyExisted: boolean;
}

export type ModeratorSwitch = 'ouvertes' | 'fermees' | 'drapeau-absent';

export interface ContributionBackend {
  readonly name: 'local' | 'gitlab';
  open(proposal: Proposal): Promise<ProposalResult>;
  /**
   * The file at `path` on the target branch now, undefined when it is not there. The source of
   * truth for notices is the target branch, never a copy deployed with the function. Both
   * backends implement it; only test doubles leave it out.
   */
  readFile?(path: string): Promise<BranchFile | undefined>;
  /**
   * A notice file at a given version (its git blob id, notices/version.ts), undefined when the
   * repository does not know it: the base of a three-way edit. GitLab: GET
   * /projects/:id/repository/blobs/:sha; local: git cat-file.
   */
  readVersion?(version: string): Promise<string | undefined>;
  /**
   * Every notice on the target branch now (slug and front matter), for the duplicate search;
   * may be cached briefly. Absent: the handler reads the published notices.json.
   */
  listNotices?(): Promise<{ slug: string; data: Record<string, unknown> }[]>;
  /**
   * The moderators' kill switch kept on the forge (a GitLab feature flag): 'fermees' when active,
   * 'drapeau-absent' when the flag does not exist (renamed or deleted: the form stays closed and
   * says why rather than reopen silently). Rejects when the forge cannot be asked (403 when the
   * project's Feature flags setting is off, network…): the handler then refuses rather than guess.
   * Absent for backends without such a switch.
   */
  moderatorSwitch?(): Promise<ModeratorSwitch>;
}

/**
 * The forge could not be reached or failed (timeout, 5xx after retries…). The handler answers
 * 503 and gives the contributor's text back; the message is French and never holds a token.
 */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/**
 * The target branch changed a file of the proposal after it was read (GitLab: 400 « The file has
 * changed since you started editing it », or « A file with this name already exists »). Nothing
 * was created. The handler reads the notice again and re-applies the contributor's fields; for
 * any other file (a logo added meanwhile) it is an unavailability like any other: a retry reads
 * the new state.
 */
export class StaleFileError extends BackendUnavailableError {
  override name = 'StaleFileError';
  readonly path: string;
  constructor(path: string) {
    super(`Le fichier ${path} a changé sur la branche cible depuis sa lecture.`);
    this.path = path;
  }
}
