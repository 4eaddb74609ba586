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

export interface ContributionBackend {
  readonly name: 'local' | 'gitlab';
  open(proposal: Proposal): Promise<ProposalResult>;
  /**
   * The moderators' kill switch kept on the forge (a GitLab feature flag). Resolves true when
   * contributions are closed; rejects when the forge cannot be asked (the handler then refuses
   * rather than guess). Absent for backends without such a switch.
   */
  closedByModerators?(): Promise<boolean>;
}

/**
 * The forge could not be reached or failed (timeout, 5xx after retries…). The handler answers
 * 503 and gives the contributor's text back; the message is French and never holds a token.
 */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}
