/**
 * The directory's content as issue 3 asks for it: the software visitors look for is there,
 * each notice is complete where the facts exist, the prose is original (no long sentence shared
 * between two notices), and the vocabulary, featured notices and selections hold together.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listNoticeFiles, readNoticeFile } from '../src/notices/repository.ts';
import { loadSelections } from '../src/notices/selections.ts';
import { slugify } from '../src/notices/slug.ts';
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

const notices = listNoticeFiles().map(readNoticeFile);
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('contenu de l’annuaire', () => {
  it('compte au moins 150 notices, dont tous les logiciels attendus', () => {
    assert.ok(notices.length >= 150, `${notices.length} notices`);
    const slugs = new Set(notices.map((n) => n.slug));
    assert.deepEqual(REQUIRED.filter((name) => !slugs.has(slugify(name))), []);
  });

  it('donne pour chaque notice ce qu’un visiteur attend', () => {
    const gaps: string[] = [];
    for (const { slug, data, body } of notices) {
      const missing: string[] = [];
      if (!data.description_courte) missing.push('description_courte');
      if (!Array.isArray(data.licences) || data.licences.length === 0) missing.push('licences');
      if (!data.site_web && !data.code_source) missing.push('site_web ou code_source');
      if (!Array.isArray(data.plateformes) || data.plateformes.length === 0) missing.push('plateformes');
      if (!Array.isArray(data.etiquettes) || data.etiquettes.length < 2) missing.push('deux étiquettes');
      if (!Array.isArray(data.langues) || data.langues.length === 0) missing.push('langues');
      if (words(body) < 100) missing.push(`description longue (${words(body)} mots)`);
      if ((body.match(/[.!?…](\s|$)/g) ?? []).length < 3) missing.push('au moins trois phrases');
      if (missing.length > 0) gaps.push(`${slug} : ${missing.join(', ')}`);
    }
    assert.deepEqual(gaps, []);
  });

  it('n’a aucune longue phrase commune à deux notices', () => {
    const seen = new Map<string, string>();
    const shared: string[] = [];
    for (const { slug, body, data } of notices) {
      const sentences = [String(data.description_courte ?? ''), ...body.split(/(?<=[.!?…])\s+/)];
      for (const sentence of sentences) {
        const key = sentence.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
        if (words(key) < 8) continue;
        const other = seen.get(key);
        if (other && other !== slug) shared.push(`${other} et ${slug} : « ${sentence.slice(0, 80)} »`);
        seen.set(key, slug);
      }
    }
    assert.deepEqual(shared, []);
  });

  it('n’utilise chaque étiquette que si au moins deux notices la portent', () => {
    const counts = new Map<string, number>();
    for (const { data } of notices) for (const tag of (data.etiquettes as string[] | undefined) ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    assert.deepEqual(vocabularies.etiquettes.filter((e) => (counts.get(e.id) ?? 0) < 2).map((e) => e.id), []);
  });

  it('met en avant au moins 15 notices et propose trois sélections', () => {
    assert.ok(notices.filter((n) => n.data.mis_en_avant === true).length >= 15);
    const selections = loadSelections();
    assert.ok(selections.length >= 3);
    for (const selection of selections) {
      assert.ok(selection.notices.length >= 5, selection.id);
      assert.ok(words(selection.introduction) >= 40, `${selection.id} : introduction trop courte`);
    }
  });
});
