/**
 * What the moderators' report is made of: the facts `collectReport` gathers (collect.ts) and
 * `renderReport` turns into Markdown (render.ts, notice.ts).
 */
import path from 'node:path';
import type { PossibleDuplicate } from '../../notices/duplicates.ts';
import type { Problem } from '../../notices/validation.ts';
import type { NoticeDiff } from '../diff.ts';
import type { NoticeChange } from '../git.ts';
import type { LinkResult } from '../links.ts';
import type { LogoInfo } from '../logos.ts';
import type { PreviewMode } from '../preview.ts';

/** Hidden in the rendered comment; the job finds its own previous comment by it. */
export const REPORT_MARKER = '<!-- framalibre-rapport -->';

export interface CheckedLink {
  field: string;
  url: string;
  /** The address is new or changed by this merge request. */
  changed: boolean;
  result?: LinkResult;
}

export interface NoticeSection {
  change: Pick<NoticeChange, 'kind' | 'slug' | 'path' | 'oldPath' | 'logosChanged'>;
  /** The name after the change (before it, for a deletion). */
  nom: string;
  diff: NoticeDiff;
  duplicates: PossibleDuplicate[];
  links: CheckedLink[];
  logo?: LogoInfo;
  /** French remarks specific to this change (missing redirection, selection citing it…). */
  remarks: string[];
}

export interface ReportData {
  notices: NoticeSection[];
  /** Validation problems of the notices the merge request touches (repository-relative files). */
  problems: Problem[];
  /** Files changed outside the notices. */
  otherFiles: string[];
  /** How many notices the directory holds (duplicates were looked for among them). */
  directorySize: number;
  preview?: { url: string; mode: PreviewMode } | { unavailable: string };
  /** Public site, for links to the current version of a notice. */
  siteUrl?: string;
  context?: { commit?: string; pipelineUrl?: string; guideUrl?: string };
  /** The report could not be completed (git failed…): French reason. */
  failure?: string;
}

/** The slug the notice had before the merge request (its page address on the site today). */
export function slugBefore(change: Pick<NoticeChange, 'slug' | 'oldPath'>): string {
  return change.oldPath ? path.posix.basename(change.oldPath, '.md') : change.slug;
}
