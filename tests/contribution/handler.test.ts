/**
 * The contribution function called in-process with real Requests, against a real git
 * repository (local backend). Every refusal is checked for its French message, for the text
 * given back, and for "nothing written".
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { noticeVersion } from '../../src/notices/version.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { BackendUnavailableError, type ContributionBackend } from '../../src/contribution/backend.ts';
import { parseNoticeFile } from '../../src/notices/notice-file.ts';
import { formRequest, jsonRequest, makeSite, pngDeclaring, type TestSite } from '../support/contribution.ts';
import { problemsOf } from '../support/notices.ts';

const client = { clientAddress: '203.0.113.7' };
let counter = 0;
/** Fields of a fresh valid proposal (a new name each time, so that proposals do not collide). */
function valid(site: TestSite, extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  counter++;
  return {
    nom: `Logiciel Essai ${counter}`,
    licences: 'GPL-3.0-or-later',
    description_courte: 'Un logiciel pour vérifier le formulaire.',
    site_web: `https://essai-${counter}.example.org/`,
    etiquettes: ['bureautique', 'prise-de-notes'],
    plateformes: ['GNU/Linux', 'Windows'],
    texte: 'Une description **en Markdown**.',
    message: 'Merci pour l’annuaire !',
    jeton: site.token(),
    ...extra,
  };
}

/** Refusals count against the per-client limit too: each check comes from its own address. */
async function expectRefusal(site: TestSite, request: Request, status: number, pattern: RegExp, info = { clientAddress: `198.18.0.${++counter % 250}` }): Promise<string> {
  const before = site.branches();
  const response = await site.handler(request, info);
  const body = await response.text();
  assert.equal(response.status, status, body.slice(0, 400));
  assert.match(body, pattern);
  assert.deepEqual(site.branches(), before, 'une branche a été créée malgré le refus');
  return body;
}

describe('fonction de contribution', () => {
  it('dit si les contributions sont ouvertes et donne un jeton et un défi', async () => {
    const site = makeSite();
    const response = await site.handler(new Request('http://localhost/api/contribuer'));
    const status = await response.json();
    assert.equal(status.ouvert, true);
    assert.match(status.jeton, /^js\.\d+\./);
    assert.equal(status.defi.parameters.data.jeton, status.jeton.split('.')[2], 'le défi est lié au jeton');
    assert.ok(status.defi.parameters.keyPrefix);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  it('donne le formulaire rempli d’une notice aux personnes sans JavaScript', async () => {
    const site = makeSite();
    const response = await site.handler(new Request('http://localhost/api/contribuer?notice=firefox', { headers: { accept: 'text/html' } }));
    const page = await response.text();
    assert.equal(response.status, 200);
    assert.match(page, /<h1>Proposer une modification<\/h1>/);
    assert.match(page, /name="nom"[^>]*value="Firefox"/);
    assert.match(page, /value="GNU\/Linux" checked/);
    assert.match(page, /value="navigateur-web" checked/);
    assert.match(page, /name="langues"[^>]*value="fr, en/);
    assert.match(page, /<input type="hidden" name="notice" value="firefox" \/>/);
    assert.equal((await site.handler(new Request('http://localhost/api/contribuer?notice=nexiste-pas', { headers: { accept: 'text/html' } }))).status, 404);
  });

  it('ouvre une proposition pour une nouvelle notice : branche, fichier canonique et texte pour les modérateurs', async () => {
    const site = makeSite();
    const fields = valid(site);
    const response = await site.handler(formRequest(fields), client);
    const page = await response.text();
    assert.equal(response.status, 201, page);
    assert.match(page, /Merci pour votre proposition/);
    const [branch] = site.branches();
    assert.match(branch!, /^contribution\/logiciel-essai-\d+-[0-9a-f]{10}$/);
    assert.match(page, new RegExp(branch!));
    const slug = /contribution\/(.*)-[0-9a-f]{10}$/.exec(branch!)![1];
    const text = site.show(branch!, `content/notices/${slug}.md`);
    const notice = parseNoticeFile(text);
    assert.deepEqual(problemsOf(notice.data), []);
    assert.equal(notice.data.nom, fields.nom);
    assert.deepEqual(notice.data.plateformes, ['GNU/Linux', 'Windows']);
    assert.equal(notice.data.date_creation, '2026-11-21');
    assert.equal(notice.body, 'Une description **en Markdown**.');
    const commit = site.git('log', '-1', '--format=%an%n%B', branch!);
    assert.match(commit, /^Contribution anonyme\nNouvelle notice : `Logiciel Essai/);
    assert.match(commit, /\| licences \| `GPL-3\.0-or-later` \|/);
    assert.match(commit, /\n {4}Merci pour l’annuaire !\n/);
    assert.match(commit, /Étiquettes : contribution anonyme, nouvelle notice/);
    // Only the notice changed on the branch.
    assert.equal(site.git('diff', '--name-only', 'main', branch!), `content/notices/${slug}.md`);
  });

  it('n’ouvre jamais deux propositions pour le même envoi (double clic, nouvel essai)', async () => {
    const site = makeSite();
    const fields = valid(site);
    assert.equal((await site.handler(formRequest(fields), client)).status, 201);
    const again = await site.handler(formRequest(fields), client);
    assert.equal(again.status, 200);
    assert.match(await again.text(), /avait déjà été reçue/);
    assert.equal(site.branches().length, 1);
  });

  it('répond en JSON à un client JSON', async () => {
    const site = makeSite();
    const response = await site.handler(jsonRequest({ ...valid(site), etiquettes: ['bureautique', 'tableur'] }), client);
    const body = await response.json();
    assert.equal(response.status, 201);
    assert.equal(body.ok, true);
    assert.match(body.branche, /^contribution\//);
  });

  it('refuse une proposition invalide en nommant chaque champ, et rend le texte', async () => {
    const site = makeSite();
    const fields = valid(site, { nom: '', licences: 'BUSL-1.1', site_web: 'javascript:alert(1)', texte: 'Bonjour <script>alert(1)</script>' });
    const page = await expectRefusal(site, formRequest(fields), 422, /La proposition contient des erreurs/);
    assert.match(page, /nom<\/a> : champ obligatoire/);
    assert.match(page, /licences<\/a> : élément 1 : « BUSL-1\.1 » n’est pas une licence libre/);
    assert.match(page, /site_web<\/a> : doit être une adresse complète commençant par https:\/\//);
    assert.match(page, /texte<\/a> : ligne 1 : HTML brut interdit/);
    // The person's text comes back in the form, escaped.
    assert.match(page, /<textarea id="champ-texte" name="texte"[^>]*>Bonjour &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
    assert.match(page, /name="description_courte"[^>]*value="Un logiciel pour vérifier le formulaire\."/);
    assert.match(page, /value="bureautique" checked/);
  });

  it('refuse de laisser une proposition anonyme mettre une notice en avant', async () => {
    const site = makeSite();
    await expectRefusal(site, jsonRequest({ ...valid(site), mis_en_avant: true }), 422, /réservé à la modération/);
  });

  it('demande une confirmation sans jeton (formulaire sans JavaScript) puis accepte', async () => {
    const site = makeSite();
    const { jeton: _, ...fields } = valid(site);
    const page = await expectRefusal(site, formRequest(fields), 422, /Relisez votre proposition puis envoyez-la/);
    const token = /name="jeton" value="([^"]+)"/.exec(page)![1]!;
    assert.match(page, new RegExp(`value="${String(fields.nom)}"`));
    site.clock.now += 9_000;
    assert.equal((await site.handler(formRequest({ ...fields, jeton: token }), client)).status, 201);
  });

  it('refuse un envoi trop rapide, un jeton falsifié ou périmé', async () => {
    const site = makeSite();
    await expectRefusal(site, formRequest(valid(site, { jeton: site.token(1_000) })), 429, /envoyée trop vite/);
    await expectRefusal(site, formRequest(valid(site, { jeton: `sans-js.${site.clock.now - 60_000}.aaaaaaaaaaaaaaaa.faux` })), 429, /Le formulaire a expiré/);
    await expectRefusal(site, formRequest(valid(site, { jeton: site.token(2 * 24 * 3_600_000) })), 429, /ouvert depuis trop longtemps/);
  });

  it('refuse le pot de miel, les liens raccourcis et les avalanches de liens', async () => {
    const site = makeSite();
    await expectRefusal(site, formRequest(valid(site, { site_internet_2: 'https://spam.example' })), 400, /doit rester vide/);
    await expectRefusal(site, formRequest(valid(site, { message: 'Voir https://bit.ly/abc' })), 422, /message<\/a> : lien raccourci \(bit\.ly\) : donnez l’adresse complète/);
    const links = Array.from({ length: 9 }, (_, i) => `https://lien${i}.example.org`).join(' ');
    await expectRefusal(site, formRequest(valid(site, { message: links })), 422, /\d+ liens en tout : 8 au plus/);
  });

  it('refuse un corps trop gros avant de le lire', async () => {
    const site = makeSite();
    const request = new Request('http://localhost/api/contribuer', {
      method: 'POST',
      body: 'x'.repeat(2_000_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectRefusal(site, request, 413, /trop volumineuse/);
  });

  it('refuse un format inconnu et un multipart cassé sans erreur serveur', async () => {
    const site = makeSite();
    await expectRefusal(
      site,
      new Request('http://localhost/api/contribuer', { method: 'POST', body: 'nom=x', headers: { 'content-type': 'text/plain' } }),
      415,
      /Envoyez le formulaire/,
    );
    const broken = new Request('http://localhost/api/contribuer', {
      method: 'POST',
      body: '--abc\r\nContent-Disposition: form-data; name="nom"\r\n\r\nx',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
    });
    await expectRefusal(site, broken, 400, /illisible ou incomplet/);
  });

  it('renvoie vers la modification quand la notice existe déjà', async () => {
    const site = makeSite();
    await expectRefusal(
      site,
      formRequest(valid(site, { nom: 'Firefox', site_web: 'https://www.mozilla.org/fr/firefox/' })),
      409,
      /existe déjà : proposez plutôt une modification \(https:\/\/framalibre\.example\/contribuer\/\?notice=firefox\)/,
    );
  });

  it('limite le nombre de propositions par personne', async () => {
    const site = makeSite();
    assert.equal((await site.handler(formRequest(valid(site)), client)).status, 201);
    assert.equal((await site.handler(formRequest(valid(site)), client)).status, 201);
    await expectRefusal(site, formRequest(valid(site)), 429, /beaucoup de propositions en peu de temps/, client);
    // Another person is not affected.
    assert.equal((await site.handler(formRequest(valid(site)), { clientAddress: '198.51.100.1' })).status, 201);
  });

  it('se ferme de lui-même au-delà du nombre de propositions prévu par heure', async () => {
    const site = makeSite({ env: { CONTRIBUTION_MAX_PER_HOUR: '2' } });
    assert.equal((await site.handler(formRequest(valid(site)), { clientAddress: 'a' })).status, 201);
    assert.equal((await site.handler(formRequest(valid(site)), { clientAddress: 'b' })).status, 201);
    await expectRefusal(site, formRequest(valid(site)), 503, /Trop de propositions sont arrivées cette heure-ci/, { clientAddress: 'c' });
    assert.equal((await (await site.handler(new Request('http://localhost/api/contribuer'))).json()).ouvert, false);
  });

  it('obéit au gros bouton rouge de déploiement (CONTRIBUTION_CLOSED) en rendant le texte', async () => {
    const site = makeSite({ env: { CONTRIBUTION_CLOSED: 'oui' } });
    const status = await (await site.handler(new Request('http://localhost/api/contribuer'))).json();
    assert.equal(status.ouvert, false);
    assert.match(status.message, /momentanément fermées/);
    const page = await expectRefusal(site, formRequest(valid(site, { texte: 'Mon long texte précieux' })), 503, /momentanément fermées/);
    assert.match(page, /Mon long texte précieux/);
  });

  it('obéit au drapeau des modérateurs, et refuse quand la forge ne répond pas', async () => {
    for (const [flag, pattern] of [
      [async () => 'fermees' as const, /L’équipe de modération a fermé les contributions/],
      [async () => 'drapeau-absent' as const, /interrupteur de la modération est introuvable/],
      [async () => Promise.reject(new Error('injoignable')), /Impossible de vérifier pour le moment/],
    ] as const) {
      const site = makeSite({ backend: () => ({ name: 'gitlab', open: async () => assert.fail('ne doit pas être appelé'), moderatorSwitch: flag }) });
      await expectRefusal(site, formRequest(valid(site)), 503, pattern);
    }
  });

  it('rend le texte quand la forge tombe, sans rien écrire', async () => {
    const failing: ContributionBackend = {
      name: 'gitlab',
      open: async () => {
        throw new BackendUnavailableError('délai dépassé');
      },
    };
    const site = makeSite({ backend: () => failing });
    const page = await expectRefusal(site, formRequest(valid(site, { texte: 'Texte à ne pas perdre' })), 503, /ne répond pas pour le moment/);
    assert.match(page, /Texte à ne pas perdre/);
    const json = await site.handler(jsonRequest({ ...valid(site), texte: 'Texte JSON' }), client);
    const body = await json.json();
    assert.equal(json.status, 503);
    assert.deepEqual(body.proposition.texte, ['Texte JSON']);
  });

  it('ne modifie que les champs changés d’une notice existante', async () => {
    const site = makeSite();
    const before = site.show('main', 'content/notices/firefox.md');
    const current = parseNoticeFile(before);
    const fields: Record<string, string | string[]> = {
      notice: 'firefox',
      version: noticeVersion(site.showBytes('main', 'content/notices/firefox.md').toString('utf8')),
      jeton: site.token(),
    };
    for (const [key, value] of Object.entries(current.data)) {
      if (['mis_en_avant', 'date_creation', 'date_modification', 'logo'].includes(key)) continue;
      fields[key] = Array.isArray(value) ? (['plateformes', 'etiquettes'].includes(key) ? value.map(String) : value.join('\n')) : String(value);
    }
    fields.texte = current.body;
    fields.description_courte = 'Navigateur web libre et indépendant, avec un large choix d’extensions.';
    const response = await site.handler(formRequest(fields), client);
    assert.equal(response.status, 201, await response.text());
    const [branch] = site.branches();
    const diff = site.git('diff', '--unified=0', 'main', branch!, '--', 'content/notices/firefox.md');
    const changed = diff.split('\n').filter((l) => /^[+-][^+-]/.test(l));
    // Only the edited field (and the modification date, if it was older) differ.
    assert.ok(
      changed.some((l) => l.startsWith('+description_courte: Navigateur web libre')),
      diff,
    );
    assert.deepEqual(
      changed.filter((l) => !/^[+-](description_courte|date_modification): /.test(l)),
      [],
      diff,
    );
    assert.match(site.git('log', '-1', '--format=%B', branch!), /\| description_courte \| .* \| `Navigateur web libre et indépendant/);
    // Unchanged: refused, nothing written.
    // A fresh token each time: the first one is spent, and a spent token is refused before anything else.
    await expectRefusal(site, formRequest({ ...fields, jeton: site.token(), description_courte: String(current.data.description_courte) }), 422, /Aucun champ n’a été modifié/);
    await expectRefusal(site, formRequest({ ...fields, jeton: site.token(), nom: 'Firefox Navigateur' }), 422, /changerait l’adresse de la notice/);
    await expectRefusal(site, formRequest({ ...fields, jeton: site.token(), notice: '../../etc/passwd' }), 404, /n’existe pas \(ou plus\)/);
    // mis_en_avant kept as the moderators set it.
    assert.match(site.show(branch!, 'content/notices/firefox.md'), /^mis_en_avant: true$/m);
  });

  it('le formulaire sans JavaScript d’une modification porte la version de la notice, et la fusion en part', async () => {
    const site = makeSite();
    const page = await (await site.handler(new Request('http://localhost:4321/api/contribuer?notice=gimp', { headers: { accept: 'text/html' } }))).text();
    const version = /name="version" value="([0-9a-f]{40})"/.exec(page)?.[1];
    assert.equal(version, noticeVersion(site.showBytes('main', 'content/notices/gimp.md').toString('utf8')), 'la version du fichier sur la branche cible');
    // Meanwhile a moderator merges another field; the person, without JavaScript, changes the one-liner.
    const file = 'content/notices/gimp.md';
    writeFileSync(
      path.join(site.repo, file),
      site
        .showBytes('main', file)
        .toString('utf8')
        .replace(/^code_source: .*$/m, 'code_source: https://gitlab.gnome.org/GNOME/gimp-neuf'),
    );
    site.git('-c', 'user.name=M', '-c', 'user.email=m@example.org', 'commit', '-qam', 'fusion');
    const fields: Record<string, string | string[]> = { notice: 'gimp', version: version!, jeton: site.token() };
    for (const [, name, value] of page.matchAll(/<input id="champ-([a-z_]+)" name="[a-z_]+" [^>]*value="([^"]*)"/g))
      if (value) fields[name!] = value!.replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    for (const [, name, value] of page.matchAll(/<input type="checkbox" name="([a-z_]+)" value="([^"]*)" checked/g)) fields[name!] = [...[fields[name!] ?? []].flat(), value!];
    for (const [, name, value] of page.matchAll(/<textarea id="champ-([a-z_]+)" name="[a-z_]+"[^>]*>([^<]*)<\/textarea>/g))
      if (value) fields[name!] = value!.replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    fields.description_courte = 'Retouche d’images et création graphique, libre et sans abonnement.';
    const response = await site.handler(formRequest(fields), client);
    assert.equal(response.status, 201, await response.text());
    const proposed = site.show(site.branches().find((b) => b.startsWith('contribution/gimp-'))!, file);
    assert.match(proposed, /^code_source: https:\/\/gitlab\.gnome\.org\/GNOME\/gimp-neuf$/m, 'la fusion faite entre-temps est gardée');
    assert.match(proposed, /^description_courte: Retouche d’images et création graphique, libre et sans abonnement\.$/m);
  });

  it('réencode le logo envoyé, retire ses métadonnées et rastérise un SVG inerte', async () => {
    const site = makeSite();
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#5e4380' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret' } } })
      .toBuffer();
    const fields = valid(site);
    assert.equal((await site.handler(formRequest(fields, { logo: { name: 'logo.jpg', type: 'image/jpeg', bytes: jpeg } }), client)).status, 201);
    const [branch] = site.branches();
    const slug = /contribution\/(.*)-[0-9a-f]{10}$/.exec(branch!)![1];
    const files = site.git('diff', '--name-only', 'main', branch!).split('\n');
    assert.deepEqual(files.sort(), [`content/notices/${slug}.md`, `content/notices/logos/${slug}.png`].sort());
    assert.match(site.show(branch!, `content/notices/${slug}.md`), new RegExp(`^logo: ${slug}\\.png$`, 'm'));
    const png = site.showBytes(branch!, `content/notices/logos/${slug}.png`);
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.exif, undefined);
    assert.ok(!png.includes(Buffer.from('secret')));
    const svg =
      '<?xml version="1.0"?>\n<!-- Inkscape -->\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><defs><linearGradient id="g"/></defs><rect width="64" height="64" fill="url(#g)"/><use xlink:href="#g"/></svg>';
    assert.equal(
      (await site.handler(formRequest(valid(site), { logo: { name: 'logo.svg', type: 'image/svg+xml', bytes: new TextEncoder().encode(svg) } }), { clientAddress: 'autre' }))
        .status,
      201,
    );
  });

  it('refuse une image piégée ou qui n’en est pas une', async () => {
    const site = makeSite();
    await expectRefusal(site, formRequest(valid(site), { logo: { name: 'bombe.png', type: 'image/png', bytes: pngDeclaring(60000, 60000) } }), 422, /image trop grande/);
    await expectRefusal(
      site,
      formRequest(valid(site), { logo: { name: 'faux.png', type: 'image/png', bytes: new TextEncoder().encode('pas une image') } }),
      422,
      /formats acceptés : PNG, JPEG, WebP ou SVG/,
    );
    const svgLogo = (text: string) => ({ logo: { name: 'x.svg', type: 'image/svg+xml', bytes: new TextEncoder().encode(text) } });
    await expectRefusal(
      site,
      formRequest(valid(site), svgLogo('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>')),
      422,
      /DOCTYPE ou entités/,
    );
    // Whatever comes before the root element, the checks run (a comment or a DOCTYPE first).
    await expectRefusal(
      site,
      formRequest(valid(site), svgLogo('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')),
      422,
      /DOCTYPE ou entités/,
    );
    await expectRefusal(
      site,
      formRequest(valid(site), svgLogo('<!-- logo --><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')),
      422,
      /DOCTYPE ou entités/,
    );
    await expectRefusal(site, formRequest(valid(site), svgLogo('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')), 422, /contient du code/);
    await expectRefusal(
      site,
      formRequest(valid(site), svgLogo('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd"/></svg>')),
      422,
      /adresse extérieure/,
    );
    await expectRefusal(
      site,
      formRequest(valid(site), svgLogo('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://pisteur.example/x)"/></svg>')),
      422,
      /ressource extérieure/,
    );
  });

  it('autorise les origines configurées et elles seules (CORS)', async () => {
    const site = makeSite({ env: { CONTRIBUTION_CORS_ORIGINS: 'https://framalibre.org' } });
    const allowed = await site.handler(new Request('http://localhost/api/contribuer', { method: 'OPTIONS', headers: { origin: 'https://framalibre.org' } }));
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://framalibre.org');
    const other = await site.handler(new Request('http://localhost/api/contribuer', { headers: { origin: 'https://ailleurs.example' } }));
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
