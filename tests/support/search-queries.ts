/**
 * Realistic visitor queries, by family, and the notices that answer each: at least one of
 * `expected` must be among the first three results. Used by the search-quality test (typed into
 * the real box in Chromium), by the server-side ranking test, and by the search benchmark
 * (keystroke-to-results times over the same set).
 *
 * Expected notices are all among the first 161 notices of the directory: the list stays valid as
 * the catalogue grows, and the ranking must not depend on which other notices exist.
 */
export type QueryFamily = 'nom' | 'privateur' | 'besoin' | 'faute-1' | 'faute-2' | 'formulation' | 'majuscules' | 'pluriel' | 'anglais';

export interface SearchCase {
  query: string;
  expected: readonly string[];
  family: QueryFamily;
}

const cases = (family: QueryFamily, list: [string, string | string[]][]): SearchCase[] =>
  list.map(([query, expected]) => ({ query, expected: typeof expected === 'string' ? [expected] : expected, family }));

export const SEARCH_CASES: SearchCase[] = [
  ...cases('nom', [
    ['fir', 'Firefox'], ['firefox', 'Firefox'], ['libre office', 'LibreOffice'], ['libreoffice', 'LibreOffice'],
    ['libreoff', 'LibreOffice'], ['thunder', 'Thunderbird'], ['gimp', 'GIMP'], ['inks', 'Inkscape'], ['vlc', 'VLC'],
    ['keepass', 'KeePassXC'], ['minetest', 'Luanti'], ['deja dup', 'Déjà Dup'], ['emmabuntus', 'Emmabuntüs'],
    ['wesnoth', 'The Battle for Wesnoth'], ['notepad', 'Notepad++'], ['nextcloud', 'Nextcloud'], ['jitsi', 'Jitsi Meet'],
    ['bitwarden', 'Bitwarden'], ['signal', 'Signal'], ['mastodon', 'Mastodon'], ['zotero', 'Zotero'], ['kdenl', 'Kdenlive'],
    ['peertube', 'PeerTube'], ['obs', 'OBS Studio'], ['7zip', '7-Zip'], ['tor', 'Tor Browser'], ['ubuntu', 'Ubuntu'],
  ]),
  ...cases('privateur', [
    ['photoshop', 'GIMP'], ['illustrator', 'Inkscape'], ['whatsapp', 'Signal'], ['google docs', 'CryptPad'],
    ['doodle', 'Framadate'], ['google forms', 'Yakforms'], ['microsoft word', 'LibreOffice'], ['google chrome', 'Firefox'],
    ['dropbox', 'Nextcloud'], ['zoom', 'Jitsi Meet'], ['slack', 'Mattermost'], ['youtube', 'PeerTube'], ['twitter', 'Mastodon'],
    ['instagram', 'Pixelfed'], ['google maps', 'Organic Maps'], ['lastpass', 'Bitwarden'], ['premiere', 'Kdenlive'],
    ['excel', ['LibreOffice', 'Gnumeric']], ['powerpoint', 'LibreOffice'], ['outlook', 'Thunderbird'], ['evernote', 'Joplin'],
    ['trello', ['Kanboard', 'Wekan']], ['github', ['Forgejo', 'Gitea']], ['lightroom', ['darktable', 'RawTherapee', 'digiKam']],
    ['autocad', 'LibreCAD'], ['winrar', '7-Zip'], ['facebook', ['Friendica', 'Mobilizon']], ['onenote', ['Joplin', 'Xournal++', 'Zim']],
  ]),
  ...cases('besoin', [
    ['montage vidéo', 'Kdenlive'], ['montage video', 'Kdenlive'], ['mot de passe', 'KeePassXC'], ['retouche photo', 'GIMP'],
    ['traitement de texte', 'LibreOffice'], ['sondage', 'Framadate'], ['carte mentale', 'Freeplane'], ['bibliographie', 'Zotero'],
    ['partition', 'MuseScore'], ['astronomie', 'Stellarium'], ['lecteur d’écran', 'NVDA'], ['navigateurs', 'Firefox'],
    // Every notice carrying the étiquette « Éditeur de texte » answers it.
    ['editeur de texte', ['Notepad++', 'Geany', 'Kate', 'GNU Emacs', 'Vim', 'Zim']],
    ['modifier une photo', ['GIMP', 'darktable', 'RawTherapee', 'Krita']],
    ['surfer sans être pisté', ['Firefox', 'LibreWolf', 'Tor Browser']],
    ['ouvrir un fichier pdf', ['Okular', 'SumatraPDF']],
    ['organiser une réunion', ['Jitsi Meet', 'BigBlueButton', 'Framadate']],
    ['tenir les comptes du club', ['Paheko', 'Galette', 'Dolibarr']],
    ['écrire un livre', ['LibreOffice', 'AbiWord', 'Calibre']],
    ['gérer une association', ['Paheko', 'Galette', 'Dolibarr']],
    ['faire une visio', ['Jitsi Meet', 'BigBlueButton']],
    ['bloquer les pubs', 'uBlock Origin'],
    ['lire ses mails', 'Thunderbird'],
    ['dessiner', ['Krita', 'MyPaint', 'Inkscape']],
    ['écouter de la musique', ['VLC', 'Funkwhale']],
    ['sauvegarder ses fichiers', ['Déjà Dup', 'BorgBackup', 'Restic']],
    ['jeux pour enfants', ['GCompris', 'SuperTuxKart', 'Tux Paint']],
    ['enregistrer du son', ['Audacity', 'Ardour']],
    ['capture d’écran', 'Flameshot'],
    ['regarder des vidéos', ['VLC', 'mpv']],
    ['prendre des notes', ['Joplin', 'Logseq', 'Zim']],
    ['partager des fichiers', ['Nextcloud', 'LocalSend', 'Seafile']],
    ['messagerie chiffrée', 'Signal'],
    ['carte du monde sur téléphone', ['Organic Maps', 'OsmAnd']],
  ]),
  ...cases('faute-1', [
    ['firefxo', 'Firefox'], ['thundrbird', 'Thunderbird'], ['nextclud', 'Nextcloud'], ['kdenliv', 'Kdenlive'],
    ['photshop', 'GIMP'], ['inkscpae', 'Inkscape'], ['audacty', 'Audacity'], ['libreofice', 'LibreOffice'],
    ['blendre', 'Blender'], ['zoteor', 'Zotero'], ['mastodn', 'Mastodon'], ['wordpres', 'WordPress'],
    ['jitsy', 'Jitsi Meet'], ['gimpp', 'GIMP'], ['whatsap', 'Signal'], ['dropbx', 'Nextcloud'],
    ['keepasxc', 'KeePassXC'], ['musescor', 'MuseScore'], ['stellarum', 'Stellarium'], ['framadat', 'Framadate'],
    ['peertub', 'PeerTube'], ['veracrpyt', 'VeraCrypt'],
  ]),
  ...cases('faute-2', [
    ['libreofis', 'LibreOffice'], ['thundirbird', 'Thunderbird'], ['firfoxe', 'Firefox'], ['kdenlife', 'Kdenlive'],
    ['inkskap', 'Inkscape'], ['nexcloud', 'Nextcloud'], ['bitwarsen', 'Bitwarden'], ['photoshp', 'GIMP'],
    ['audasity', 'Audacity'], ['jelyfin', 'Jellyfin'],
  ]),
  ...cases('formulation', [
    ['alternative à photoshop', 'GIMP'], ['alternative à word', 'LibreOffice'], ['remplacer google drive', 'Nextcloud'],
    ['alternative libre à whatsapp', 'Signal'], ['remplacer skype', 'Jitsi Meet'], ['alternative a excel', ['LibreOffice', 'Gnumeric']],
    ['logiciel libre pour remplacer zoom', ['Jitsi Meet', 'BigBlueButton']], ['équivalent à dropbox', ['Nextcloud', 'Syncthing', 'Seafile']],
    ['alternatives à google maps', ['Organic Maps', 'OsmAnd']],
  ]),
  ...cases('majuscules', [
    ['FIREFOX', 'Firefox'], ['LibreOffice', 'LibreOffice'], ['Gimp', 'GIMP'], ['VLC Media Player', 'VLC'], ['PhotoShop', 'GIMP'],
    ['MOT DE PASSE', 'KeePassXC'],
  ]),
  ...cases('pluriel', [
    ['mots de passe', 'KeePassXC'], ['sondages', 'Framadate'], ['cartes mentales', 'Freeplane'], ['jeux', ['SuperTuxKart', 'Luanti', '0 A.D.']],
    ['courriels', 'Thunderbird'], ['visioconférences', ['Jitsi Meet', 'BigBlueButton']],
  ]),
  ...cases('anglais', [
    ['photo editor', ['GIMP', 'darktable', 'RawTherapee']], ['note taking', ['Joplin', 'Logseq', 'Zim']],
    ['password manager', ['KeePassXC', 'Bitwarden']], ['video editor', ['Kdenlive', 'Shotcut', 'OpenShot']],
    ['web browser', ['Firefox', 'LibreWolf']], ['mind map', 'Freeplane'], ['ad blocker', 'uBlock Origin'],
  ]),
];

/** The query strings alone, for the benchmark. */
export const QUERIES: [query: string, expected: string][] = SEARCH_CASES.map((c) => [c.query, c.expected[0]!]);
