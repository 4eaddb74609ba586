/** The French report of an import: what was read, imported, skipped by reason, adjusted. */
import type { AdjustmentKind, ImportResult, SkipReason } from './pipeline.ts';

export const SKIP_LABELS: Readonly<Record<SkipReason, string>> = {
  'entree-illisible': 'entrée illisible',
  'licence-non-libre': 'licence non libre (seulement des licences classées non libres par awesome-selfhosted)',
  'licence-non-reconnue': 'licence non reconnue comme libre par l’OSI ou la FSF',
  'nom-inutilisable': 'nom inutilisable (aucune lettre latine ni chiffre pour le nom de fichier, ou trop long)',
  'aucune-adresse-https': 'adresse invalide (ni site web ni code source en https)',
  'deja-dans-l-annuaire': 'déjà dans l’annuaire (même nom, site web ou code source qu’une notice existante)',
  doublon: 'doublon dans la source (même nom de fichier, site web ou code source qu’une entrée déjà importée)',
  'notice-invalide': 'notice refusée par la validation',
};

export const ADJUSTMENT_LABELS: Readonly<Record<AdjustmentKind, string>> = {
  'licence-retiree': 'licences non libres retirées d’une entrée qui en a aussi une libre',
  'licence-a-verifier': 'licences GNU sans « ou version ultérieure » précisé, écrites « -only » (à vérifier)',
  'url-ignoree': 'adresses non https ignorées (champ laissé vide)',
  'description-raccourcie': 'descriptions raccourcies à 200 caractères',
  'slug-approximatif': 'noms dont des caractères non latins disparaissent du nom de fichier',
  'etiquettes-insuffisantes': 'notices avec moins de deux étiquettes (avertissement de la validation)',
  'plateforme-inconnue': 'plateformes awesome-selfhosted absentes de la table (notice classée « Serveur »)',
};

function listNames(names: readonly string[], limit: number): string {
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `${shown}… (et ${names.length - limit} autres)` : shown;
}

/** The French report printed by the command. `limit`: names shown per group. */
export function formatReport(result: ImportResult, outDir: string, limit = 12): string {
  const lines: string[] = [];
  lines.push(`Import awesome-selfhosted-data : ${result.read} entrée(s) lue(s).`);
  lines.push(`${result.notices.length} notice(s) importée(s) dans ${outDir}.`);
  lines.push(`${result.skipped.length} entrée(s) ignorée(s)${result.skipped.length > 0 ? ' :' : '.'}`);
  for (const reason of Object.keys(SKIP_LABELS) as SkipReason[]) {
    const group = result.skipped.filter((s) => s.reason === reason);
    if (group.length === 0) continue;
    lines.push(`  - ${group.length} ${SKIP_LABELS[reason]} :`);
    for (const item of group.slice(0, limit)) lines.push(`      ${item.name} (${item.detail})`);
    if (group.length > limit) lines.push(`      … et ${group.length - limit} autre(s)`);
  }
  const kinds = (Object.keys(ADJUSTMENT_LABELS) as AdjustmentKind[]).filter((kind) => result.adjustments.some((a) => a.kind === kind));
  if (kinds.length > 0) lines.push('Ajustements dans les notices importées :');
  for (const kind of kinds) {
    const group = result.adjustments.filter((a) => a.kind === kind);
    lines.push(`  - ${group.length} ${ADJUSTMENT_LABELS[kind]} :`);
    const detailed = kind === 'licence-retiree' || kind === 'url-ignoree' || kind === 'slug-approximatif' || kind === 'plateforme-inconnue';
    if (detailed) {
      for (const item of group.slice(0, limit)) lines.push(`      ${item.name} : ${item.detail}`);
      if (group.length > limit) lines.push(`      … et ${group.length - limit} autre(s)`);
    } else {
      lines.push(
        `      ${listNames(
          group.map((a) => a.name),
          limit,
        )}`,
      );
    }
  }
  if (result.unmappedTags.size > 0) {
    const tags = [...result.unmappedTags].sort((a, b) => b[1] - a[1]).map(([tag, count]) => `${tag} (${count})`);
    lines.push(`Catégories awesome-selfhosted absentes de la table des étiquettes : ${tags.join(', ')}`);
  }
  return lines.join('\n');
}
