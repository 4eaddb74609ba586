/**
 * The dependency rule of src/, checked by dependency-cruiser at every `npm test` (scripts/test.ts):
 * a room (a folder of src/) imports only rooms on its own floor or below. Explained, with the
 * reasons, in docs/architecture.md. A new room goes on a floor here and in that document.
 *
 * Run it alone: npx depcruise src --config .dependency-cruiser.mjs
 */

/** From the ground up. A room may import its own floor and every floor below. */
const FLOORS = [
  // The notice: schema, rules, content files, addresses. Imports nothing of src/.
  { rooms: ['notices'] },
  // The little code every room shares (HTML escaping, typography, the site's address).
  { rooms: ['shared'] },
  // CHATONS as the pages show it (the file itself is read and checked in notices/).
  { rooms: ['chatons'] },
  // What the site computes from the notices; gitlab is the GitLab client the function and the
  // moderation scripts share.
  { rooms: ['choosing', 'search', 'sharing', 'gitlab'] },
  // The build: integration, incremental-build keys, logo renditions. Nothing below imports it.
  { rooms: ['build'] },
  // The programs that change the directory: the contribution function, moderation, the importer.
  { rooms: ['contribution', 'moderation', 'import'] },
  // What Astro renders, and the files Astro itself loads.
  { rooms: ['pages', 'components', 'styles'] },
];

const rooms = (floors) => floors.flatMap((floor) => floor.rooms).join('|');
const ALL_ROOMS = rooms(FLOORS);

const floorRules = FLOORS.slice(0, -1).map((floor, index) => ({
  name: `etage-${index}-${floor.rooms[0]}`,
  comment: `${floor.rooms.map((room) => `src/${room}/`).join(', ')} : importe seulement ${rooms(FLOORS.slice(0, index + 1))
    .split('|')
    .map((room) => `src/${room}/`)
    .join(', ')} (son étage et ceux du dessous, voir docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/(${floor.rooms.join('|')})/` },
  to: { path: '^src/', pathNot: `^src/(${rooms(FLOORS.slice(0, index + 1))})/` },
}));

export default {
  forbidden: [
    ...floorRules,
    {
      name: 'piece-inconnue',
      comment: 'chaque dossier de src/ appartient à un étage : ajoutez-le dans .dependency-cruiser.mjs et docs/architecture.md',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${ALL_ROOMS})/` },
      to: {},
    },
    {
      name: 'src-autonome',
      comment: 'le code de src/ n’importe ni les commandes (scripts/), ni les tests, ni les mesures (bench/)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|tests|bench)/' },
    },
    {
      name: 'pas-de-cycle',
      comment: 'deux fichiers ne s’importent pas l’un l’autre, même par un détour',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports couple rooms as much as the others.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // .astro files are nodes (an import of one is checked) but dependency-cruiser cannot read
    // their frontmatter: what an .astro file imports is not checked (docs/architecture.md).
    extraExtensionsToScan: ['.astro'],
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'node', 'default', 'types'] },
  },
};
