/** The scheduled check's issue: one per label and title, kept up to date, closed when all is well. */
import type { Rest } from './rest.ts';

interface Issue {
  id: number;
  iid: number;
  title: string;
  state: 'opened' | 'closed';
  description?: string | null;
  labels?: string[];
  web_url?: string;
}

export interface IssueInput {
  title: string;
  label: string;
  description: string;
  open: boolean;
}

/**
 * Keeps one issue with this label and title up to date. `open: false` closes it (the problems are
 * gone) and creates nothing; `open: true` creates it, or updates and reopens it.
 */
export async function upsertIssue(rest: Rest, input: IssueInput): Promise<{ action: 'créé' | 'mis à jour' | 'fermé' | 'rien'; iid?: number; url?: string }> {
  const route = `${rest.projectRoute}/issues`;
  const issues = await rest.all<Issue>(`${route}?labels=${encodeURIComponent(input.label)}&state=all&order_by=created_at&sort=asc`, 5);
  const existing = issues.find((i) => i.title === input.title && i.state === 'opened') ?? issues.find((i) => i.title === input.title);
  if (!existing) {
    if (!input.open) return { action: 'rien' };
    const { data } = await rest.call<Issue>('POST', route, { title: input.title, description: input.description, labels: input.label });
    return { action: 'créé', iid: data.iid, url: data.web_url };
  }
  const update: Record<string, string> = {};
  if ((existing.description ?? '').trim() !== input.description.trim()) update.description = input.description;
  if (input.open && existing.state === 'closed') update.state_event = 'reopen';
  if (!input.open && existing.state === 'opened') update.state_event = 'close';
  if (Object.keys(update).length > 0) await rest.call('PUT', `${route}/${existing.iid}`, update);
  return { action: input.open ? 'mis à jour' : existing.state === 'opened' ? 'fermé' : 'rien', iid: existing.iid, url: existing.web_url };
}
