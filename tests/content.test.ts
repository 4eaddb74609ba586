/**
 * The directory's content as issue 3 asks for it: the software visitors look for is there,
 * each notice is complete where the facts exist, the prose is original (no long sentence shared
 * between two notices), and the vocabulary, featured notices and selections hold together.
 * Every rule but the list of expected software is a rule of the checker (src/notices/check.ts,
 * catalogue-check.ts): this test runs `npm run validate`'s own checks on content/ and shows
 * their French lines, so CI never refuses what a moderator cannot see in `npm run validate`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contentDir } from '../src/notices/paths.ts';
import { problemLine } from '../src/notices/problems.ts';
import { listNoticeFiles, readNoticeFile } from '../src/notices/repository.ts';
import { slugify } from '../src/notices/slug.ts';
import { validateNoticeFiles } from '../src/notices/validation.ts';
import { vocabularyIds } from '../src/notices/vocabulary.ts';
import { vocabularies } from './support/notices.ts';

const REQUIRED = `Firefox, LibreWolf, Tor Browser, uBlock Origin, Thunderbird, LibreOffice, OnlyOffice, AbiWord, Gnumeric, Zotero,
Joplin, Scribus, Okular, Xournal++, Freeplane, KeePassXC, Bitwarden, VeraCrypt, 7-Zip, GIMP, Krita, Inkscape, Blender, darktable,
digiKam, MyPaint, Pencil2D, FreeCAD, Sweet Home 3D, VLC, mpv, Audacity, Ardour, LMMS, MuseScore, OBS Studio, HandBrake, Kdenlive,
Shotcut, OpenShot, Kodi, Jellyfin, PeerTube, NewPipe, Signal, Delta Chat, Element, Briar, Conversations, Jitsi Meet, BigBlueButton,
Mumble, Mattermost, Zulip, Mastodon, Pixelfed, Mobilizon, Nextcloud, Seafile, Syncthing, Etherpad, CryptPad, Framadate, Yakforms,
LimeSurvey, Grist, Baserow, Discourse, WordPress, Scribouilli, Paheko, Dolibarr, Galette, Kanboard, Wallabag, FreshRSS, SearXNG, uMap,
Organic Maps, OsmAnd, YunoHost, F-Droid, LineageOS, /e/OS, Debian, Ubuntu, Linux Mint, Emmabuntüs, PrimTux, GCompris, Tux Paint,
Scratch, Anki, Moodle, Stellarium, BorgBackup, Restic, Déjà Dup, Clonezilla, GParted, Ventoy, qBittorrent, FileZilla, Notepad++, Geany,
VSCodium, Git, 0 A.D., SuperTuxKart, Luanti, The Battle for Wesnoth`
  .split(',')
  .map((name) => name.trim());

const files = listNoticeFiles();
const notices = files.map(readNoticeFile);
const problems = await validateNoticeFiles(
  files.map((file) => path.relative(process.cwd(), file)),
  vocabularyIds(vocabularies),
  { referenceFiles: files, catalogue: { vocabularies, contentRoot: contentDir() } },
);
/** The checker's lines for these rules (empty when the directory follows them). */
const linesOf = (...codes: string[]) => problems.filter((p) => codes.includes(p.code)).map(problemLine);

describe('contenu de l’annuaire', () => {
  it('compte au moins 150 notices, dont tous les logiciels attendus', () => {
    assert.ok(notices.length >= 150, `${notices.length} notices`);
    const slugs = new Set(notices.map((n) => n.slug));
    assert.deepEqual(
      REQUIRED.filter((name) => !slugs.has(slugify(name))),
      [],
    );
  });

  it('donne pour chaque notice ce qu’un visiteur attend', () => {
    assert.deepEqual(
      linesOf(
        'description-courte-manquante',
        'champ-obligatoire',
        'sans-adresse',
        'plateformes-manquantes',
        'etiquettes-insuffisantes',
        'langues-manquantes',
        'sans-texte',
        'texte-trop-court',
        'texte-trop-peu-de-phrases',
      ),
      [],
    );
  });

  it('n’a aucune longue phrase commune à deux notices', () => {
    assert.deepEqual(linesOf('phrase-reprise'), []);
  });

  it('n’utilise chaque étiquette que si au moins deux notices la portent', () => {
    assert.deepEqual(linesOf('etiquette-inutilisee', 'etiquette-peu-utilisee'), []);
  });

  it('met en avant au moins 15 notices et propose trois sélections', () => {
    assert.deepEqual(linesOf('mises-en-avant-insuffisantes', 'selections-insuffisantes', 'selection-trop-courte', 'selection-introduction-courte', 'selection-champ-invalide'), []);
  });
});
