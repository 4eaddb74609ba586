/** Brand icons from simple-icons: which notice gets which icon, and how it is drawn. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brandIcons, checkIconRules, iconKey, iconSvg, matchIcon, noticeLogo, noticeLogoSource, type IconRules } from '../../src/notices/icons.ts';

const none: IconRules = { correspondances: {}, exclusions: [] };
const n = (slug: string, nom: string, extra: { autres_noms?: string[]; logo?: string } = {}) => ({ slug, data: { nom, ...extra } });

describe('icônes simple-icons', () => {
  it('trouve l’icône par le slug, le nom ou un autre nom, sans tenir compte de la casse ni des accents', () => {
    assert.equal(matchIcon(n('firefox', 'Firefox'), none)?.slug, 'firefox');
    assert.equal(matchIcon(n('obs-studio', 'OBS Studio'), none)?.slug, 'obsstudio');
    assert.equal(matchIcon(n('vlc', 'VLC', { autres_noms: ['VLC media player'] }), none)?.slug, 'vlcmediaplayer');
    assert.equal(matchIcon(n('notepad-plus-plus', 'Notepad++'), none)?.slug, 'notepadplusplus');
    assert.equal(matchIcon(n('logiciel-inconnu', 'Logiciel inconnu', { autres_noms: ['Thunderbird'] }), none)?.slug, 'thunderbird');
    assert.equal(matchIcon(n('zim', 'Zim'), none), undefined);
    assert.equal(iconKey('Déjà  Dup!'), 'dejadup');
  });

  it('applique les correspondances et les exclusions relues', () => {
    const rules: IconRules = { correspondances: { jupyterlab: 'jupyter' }, exclusions: ['signal'] };
    assert.equal(matchIcon(n('jupyterlab', 'JupyterLab'), rules)?.slug, 'jupyter');
    assert.equal(matchIcon(n('signal', 'Signal'), rules), undefined);
    assert.equal(noticeLogo(n('signal', 'Signal'), rules), undefined);
  });

  it('laisse toujours gagner le logo ajouté à la main', () => {
    assert.deepEqual(noticeLogoSource(n('firefox', 'Firefox', { logo: 'firefox-officiel.png' }), none), { kind: 'fichier', file: 'firefox-officiel.png' });
    assert.equal(noticeLogo(n('firefox', 'Firefox', { logo: 'firefox-officiel.png' }), none), 'firefox-officiel.png');
    assert.equal(noticeLogo(n('firefox', 'Firefox'), none), 'firefox.svg');
  });

  it('vérifie le fichier des exceptions, en français', () => {
    const { problems } = checkIconRules('correspondances:\n  jupyterlab: pas-une-icone\n  absente: firefox\nexclusions: [jupyterlab]\n', new Set(['jupyterlab']));
    const messages = problems.map((p) => `${p.field} : ${p.message}`);
    assert.ok(
      messages.some((m) => /^correspondances : jupyterlab : « pas-une-icone » n’est pas une icône du paquet simple-icons/.test(m)),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => /^correspondances : absente : la notice « absente » n’existe pas/.test(m)));
    assert.ok(messages.some((m) => /aussi dans les exclusions/.test(m)));
    assert.ok(checkIconRules('clef: 1\n', undefined).problems[0]!.message.includes('clé inconnue'));
  });

  it('dessine l’icône à la couleur de la marque, sur fond sombre quand la couleur est trop pâle', () => {
    const firefox = brandIcons().get('firefox')!;
    const svg = iconSvg(firefox, 'M0 0h24v24H0z');
    assert.match(svg, new RegExp(`fill="#${firefox.hex}"`));
    assert.doesNotMatch(svg, /<rect/);
    assert.match(iconSvg({ slug: 'pale', title: 'Pâle', hex: 'FFFFFF' }, 'M0 0h24v24H0z'), /<rect[^>]+fill="#1f2328"/);
  });
});
