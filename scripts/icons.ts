/**
 * npm run icones [-- --manquantes]
 * Lists every notice with the logo it shows: its own file, the simple-icons brand icon it matched
 * (and by which rule), or its monogram. For moderators reviewing matches by eye after notices are
 * added: a wrong icon goes in the `exclusions` of content/icones.yaml, a missed one in its
 * `correspondances`.
 */
import { listNoticeFiles, readNoticeFile } from '../src/notices/repository.ts';
import { loadIconRules, noticeLogoSource, SIMPLE_ICONS_VERSION } from '../src/notices/icons.ts';

const onlyMissing = process.argv.includes('--manquantes');
const rules = loadIconRules();
let withLogo = 0;
let total = 0;
for (const file of listNoticeFiles()) {
  const notice = readNoticeFile(file);
  const data = notice.data as { nom?: string; autres_noms?: string[]; logo?: string };
  if (typeof data.nom !== 'string') continue;
  total++;
  const source = noticeLogoSource({ slug: notice.slug, data: { nom: data.nom, autres_noms: data.autres_noms, logo: data.logo } }, rules);
  if (source) withLogo++;
  if (onlyMissing && source) continue;
  const how = !source
    ? 'monogramme'
    : source.kind === 'fichier'
      ? `fichier ${source.file}`
      : `simple-icons « ${source.icon.title} » (${source.icon.slug}, #${source.icon.hex})${Object.hasOwn(rules.correspondances, notice.slug) ? ' — correspondance' : ''}`;
  console.log(`${notice.slug.padEnd(28)} ${data.nom.padEnd(28)} ${how}`);
}
console.log(`\n${withLogo} notice(s) sur ${total} ont un logo (${Math.round((100 * withLogo) / Math.max(1, total))} %), simple-icons ${SIMPLE_ICONS_VERSION}.`);
