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
export interface NeedCase {
  need: string;
  answers: readonly string[];
}

export const NEED_CASES: NeedCase[] = [
  { need: 'faire un diaporama', answers: ['LibreOffice', 'ONLYOFFICE', 'Calligra', 'CryptPad', 'OpenBoard', 'HedgeDoc', 'Claper', 'Digistorm'] },
  { need: 'lire des livres électroniques', answers: ['Calibre', 'Foliate', 'KOReader', 'Okular', 'SumatraPDF', 'MuPDF', 'Zathura'] },
  { need: 'ajouter des sous-titres à un film', answers: ['Aegisub', 'Gaupol', 'MKVToolNix'] },
  { need: 'dessiner les plans d’une maison', answers: ['Sweet Home 3D', 'LibreCAD', 'FreeCAD'] },
  { need: 'imprimer un objet en 3D', answers: ['PrusaSlicer', 'Ultimaker Cura', 'OpenSCAD', 'MeshLab', 'SolveSpace'] },
  { need: 'dessiner un schéma', answers: ['Dia', 'draw.io', 'Excalidraw', 'Graphviz', 'Mermaid', 'PlantUML', 'Umbrello'] },
  { need: 'envoyer un gros fichier', answers: ['Jirafeau', 'PsiTransfer', 'OnionShare', 'LocalSend'] },
  { need: 'créer un questionnaire', answers: ['LimeSurvey', 'Yakforms', 'CryptPad', 'Digistorm'] },
  { need: 'diffuser en direct', answers: ['OBS Studio', 'Owncast', 'PeerTube'] },
  { need: 'vendre des billets pour un spectacle', answers: ['pretix', 'alf.io', 'Hi.Events'] },
  { need: 'dépanner un ordinateur à distance', answers: ['Remmina', 'TigerVNC', 'KRDC', 'Apache Guacamole', 'xrdp'] },
  { need: 'faire une carte heuristique', answers: ['Freeplane', 'VYM', 'Minder'] },
  { need: 'libérer de la place sur le disque', answers: ['BleachBit', 'Baobab', 'QDirStat'] },
  { need: 'créer une police d’écriture', answers: ['FontForge', 'BirdFont'] },
  { need: 'lire un texte à voix haute', answers: ['eSpeak NG', 'KMouth', 'NVDA', 'Orca'] },
  { need: 'gérer mon agenda', answers: ['Evolution', 'GNOME Calendar', 'KOrganizer', 'Radicale', 'Baïkal', 'DAViCal'] },
  { need: 'suivre des flux RSS', answers: ['FreshRSS', 'Miniflux', 'Liferea', 'Akregator', 'Newsboat'] },
  { need: 'écrire une documentation à plusieurs', answers: ['BookStack', 'DokuWiki', 'MediaWiki', 'Wiki.js'] },
  { need: 'mettre en page une affiche', answers: ['Scribus', 'Inkscape'] },
  { need: 'stocker ses fichiers en ligne', answers: ['Nextcloud', 'ownCloud', 'Seafile', 'Pydio Cells', 'Filestash'] },
  { need: 'créer un dessin animé', answers: ['Pencil2D', 'Synfig Studio', 'qStopMotion', 'Krita', 'Blender'] },
  { need: 'ouvrir un forum', answers: ['Discourse', 'Flarum', 'phpBB'] },
  { need: 'regarder mes films sur la télé', answers: ['Jellyfin', 'Kodi'] },
  { need: 'dessiner sur un tableau blanc', answers: ['Excalidraw', 'OpenBoard', 'AFFiNE', 'CryptPad'] },
  { need: 'numériser des documents', answers: ['OCRmyPDF', 'Paperless-ngx'] },
  { need: 'faire un tableau de calcul', answers: ['LibreOffice', 'Gnumeric', 'ONLYOFFICE', 'Calligra', 'Grist'] },
];
