/**
 * The names a visitor may type for a notice: its name, its other names, and the same split or
 * glued ("LibreOffice" ↔ "Libre Office", "Jitsi Meet" ↔ "JitsiMeet"), so that both spellings find it.
 */
import type { NoticeData } from '../notices/schema.ts';

export function searchNames(data: Pick<NoticeData, 'nom' | 'autres_noms'>): string[] {
  const names = new Set<string>();
  for (const name of [data.nom, ...(data.autres_noms ?? [])]) {
    names.add(name);
    const split = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Za-z])(\d)/g, '$1 $2');
    names.add(split);
    names.add(name.replace(/[\s-]+/g, ''));
  }
  return [...names];
}
