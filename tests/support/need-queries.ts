/**
 * Everyday needs, typed as people type them, and every notice of the directory that answers each
 * one — listed by hand from the content (the notices carrying the étiquette that answers the
 * need, without the ones that only brush it, plus the notices whose text answers it). Used by the
 * recall test (tests/unit/search-recall.test.ts): each of them must come back among the first ten.
 *
 * None of these is one of the examples of issue 21 (« prendre des notes », « retouche photo »,
 * « carte du monde », « logiciel pour faire des factures »): they are held out from the work on
 * the ranking, to measure it.
 */
/**
 * The recall the tests require, among the first max(10, answers) results: issue 21's aim. At 1,287
 * notices it was 0.925; it reached 0.973 once the content said what the notices do (an étiquette
 * « Tableau blanc », contact books apart from agendas under « Carnet d'adresses », the everyday
 * phrasings of content/besoins.yaml such as « dessiner un schéma » or « imprimer un objet »). The
 * misses left are printed: three PDF readers that also read EPUB behind CHM and DjVu viewers, and
 * OpenBoard behind other presentation tools (an order among notices of one étiquette, not content).
 */
export const RECALL_FLOOR = 0.95;

/**
 * The recall required on FRESH_NEED_CASES, written after that work and never tuned for: 0.824
 * measured before and after it (42 of 51). It guards the ranking and the content against a
 * regression on needs nobody looked at; the misses it prints say what the content still lacks.
 */
export const FRESH_RECALL_FLOOR = 0.8;

export interface NeedCase {
  need: string;
  answers: readonly string[];
}

export const NEED_CASES: NeedCase[] = [
  { need: 'faire un diaporama', answers: ['LibreOffice', 'ONLYOFFICE', 'Calligra', 'Collabora Online', 'CryptPad', 'OpenBoard', 'HedgeDoc', 'Ipe', 'Imagination'] },
  {
    need: 'lire des livres électroniques',
    answers: ['Calibre', 'Foliate', 'KOReader', 'Okular', 'SumatraPDF', 'MuPDF', 'Zathura', 'Bookworm', 'FBReader', 'Atril'],
  },
  {
    need: 'ajouter des sous-titres à un film',
    answers: ['Aegisub', 'Gaupol', 'MKVToolNix', 'GNOME Subtitles', 'Subtitle Composer', 'Subtitle Editor', 'Kdenlive'],
  },
  { need: 'dessiner les plans d’une maison', answers: ['Sweet Home 3D', 'LibreCAD', 'FreeCAD'] },
  {
    need: 'imprimer un objet en 3D',
    answers: ['PrusaSlicer', 'Ultimaker Cura', 'Slic3r', 'OpenSCAD', 'MeshLab', 'SolveSpace', 'FreeCAD', 'Printrun'],
  },
  { need: 'dessiner un schéma', answers: ['Dia', 'draw.io', 'Excalidraw', 'Graphviz', 'Mermaid', 'PlantUML', 'Umbrello', 'Ipe'] },
  { need: 'envoyer un gros fichier', answers: ['Jirafeau', 'PsiTransfer', 'OnionShare', 'LocalSend'] },
  { need: 'créer un questionnaire', answers: ['LimeSurvey', 'Yakforms', 'CryptPad', 'Digistorm', 'ClassQuiz', 'Auto Multiple Choice'] },
  { need: 'diffuser en direct', answers: ['OBS Studio', 'Owncast', 'PeerTube', 'Icecast'] },
  { need: 'vendre des billets pour un spectacle', answers: ['pretix', 'alf.io', 'Hi.Events'] },
  { need: 'dépanner un ordinateur à distance', answers: ['Remmina', 'TigerVNC', 'KRDC', 'Apache Guacamole', 'xrdp', 'X2Go'] },
  { need: 'faire une carte heuristique', answers: ['Freeplane', 'VYM', 'Minder'] },
  { need: 'libérer de la place sur le disque', answers: ['BleachBit', 'Baobab', 'QDirStat', 'Filelight', 'gdu', 'ncdu'] },
  { need: 'créer une police d’écriture', answers: ['FontForge', 'BirdFont', 'TruFont'] },
  { need: 'lire un texte à voix haute', answers: ['eSpeak NG', 'KMouth', 'NVDA', 'Orca', 'LIOS', 'Speech Note'] },
  {
    need: 'gérer mon agenda',
    answers: ['Evolution', 'GNOME Calendar', 'KOrganizer', 'Kontact', 'Thunderbird', 'khal', 'calcurse', 'Osmo', 'Radicale', 'Baïkal', 'DAViCal', 'Xandikos', 'SOGo'],
  },
  { need: 'suivre des flux RSS', answers: ['FreshRSS', 'Miniflux', 'Liferea', 'Akregator', 'Newsboat', 'QuiteRSS', 'RSS Guard'] },
  { need: 'écrire une documentation à plusieurs', answers: ['BookStack', 'DokuWiki', 'MediaWiki', 'Wiki.js', 'HedgeDoc'] },
  { need: 'mettre en page une affiche', answers: ['Scribus', 'Inkscape'] },
  { need: 'stocker ses fichiers en ligne', answers: ['Nextcloud', 'ownCloud', 'Seafile', 'Pydio Cells', 'Filestash'] },
  { need: 'créer un dessin animé', answers: ['Pencil2D', 'Synfig Studio', 'qStopMotion', 'Krita', 'Blender'] },
  { need: 'ouvrir un forum', answers: ['Discourse', 'Flarum', 'phpBB', 'Lemmy'] },
  { need: 'regarder mes films sur la télé', answers: ['Jellyfin', 'Kodi'] },
  { need: 'dessiner sur un tableau blanc', answers: ['Excalidraw', 'OpenBoard', 'WBO', 'AFFiNE', 'CryptPad'] },
  { need: 'numériser des documents', answers: ['gscan2pdf', 'Paperwork', 'OCRFeeder', 'Paperless-ngx', 'OCRmyPDF', 'gImageReader'] },
  {
    need: 'faire un tableau de calcul',
    answers: ['LibreOffice', 'Gnumeric', 'ONLYOFFICE', 'Calligra', 'Collabora Online', 'CryptPad', 'Grist'],
  },
];

/**
 * A second held-out set, written on 7 December 2026 before the content changes that raised the
 * recall of NEED_CASES to 95 % (new étiquettes on notices, new words in content/besoins.yaml),
 * with its answers listed by hand from the notices as they stood then (étiquettes, one-liners and
 * texts). Never tuned for: it tells whether the changes made for NEED_CASES help other needs too.
 * When a change to the content or the ranking is made for one of these needs, it joins NEED_CASES
 * and a new set takes its place.
 */
export const FRESH_NEED_CASES: NeedCase[] = [
  { need: 'faire un arbre généalogique', answers: ['GEDKeeper', 'GeneWeb', 'Gramps Web', 'Gramps', 'LifeLines'] },
  { need: 'tenir mon budget', answers: ['Actual Budget', 'Firefly III', 'GnuCash', 'Grisbi', 'HomeBank', 'KMyMoney', 'Skrooge'] },
  { need: 'ouvrir un fichier zip', answers: ['7-Zip', 'Ark', 'Engrampa', 'File Roller', 'Xarchiver'] },
  { need: 'apprendre à taper au clavier', answers: ['GNU Typist', 'Klavaro', 'KTouch', 'TIPP10', 'Tux Typing'] },
  { need: 'écouter des podcasts', answers: ['gPodder', 'Clementine', 'Rhythmbox', 'Sayonara Player', 'Liferea', 'Mopidy', 'Funkwhale', 'Cantata'] },
  { need: 'jouer aux échecs', answers: ['DreamChess', 'GNOME Chess', 'GNU Chess', 'Knights', 'PyChess', 'Stockfish'] },
  { need: 'bloquer les publicités', answers: ['uBlock Origin', 'AdGuard Home', 'Pi-hole', 'Privoxy', 'LibreWolf', 'Falkon'] },
  { need: 'écrire un roman', answers: ['Manuskript', 'FocusWriter'] },
  { need: 'réviser avec des fiches', answers: ['Anki', 'Mnemosyne', 'Parley', 'Digiflashcards'] },
  { need: 'convertir une vidéo', answers: ['HandBrake', 'FFmpeg', 'VLC'] },
];
