/**
 * One test per attack that a hostile script ran against the function (issue 10): each failed on
 * the first version and must keep failing for the attacker. Handler called in-process with real
 * Requests, local backend on a throw-away repository; state in memory or in a real Redis.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isClosedByEnvironment, loadConfig } from '../../src/contribution/config.ts';
import { createContributionHandler, type ContributionHandler } from '../../src/contribution/handler.ts';
import { createLocalBackend } from '../../src/contribution/local-backend.ts';
import { createRedisStore } from '../../src/contribution/store.ts';
import { defuse, noticesCsv, parseCsv } from '../../src/sharing/csv.ts';
import { SECRET, formRequest, jsonRequest, makeRepo, makeSite, solvedSending, type TestSite } from '../support/contribution.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import path from 'node:path';

let counter = 0;
function proposal(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  counter++;
  return { nom: `Outil Attaque ${counter}`, licences: 'MIT', site_web: `https://attaque-${counter}.example.org/`, texte: 'Une description.', ...extra };
}
const nextClient = () => ({ clientAddress: `192.0.2.${++counter % 250}` });

async function status(site: TestSite, request: Request, info = nextClient()): Promise<{ status: number; body: string }> {
  const response = await site.handler(request, info);
  return { status: response.status, body: await response.text() };
}

describe('lecture du corps bornée', () => {
  it('refuse 120 Ko de champs répétés sans les lire un à un', async () => {
    const site = makeSite();
    const body = 'a=&'.repeat(40_000);
    const answer = await status(site, new Request('http://localhost/api/contribuer', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assert.equal(answer.status, 413);
    assert.match(answer.body, /ne ressemble pas à celui de Framalibre \((plus de 400 champs|le champ « a » est répété plus de 120 fois)\)/);
    const many = Array.from({ length: 500 }, (_, i) => `c${i}=x`).join('&');
    const tooMany = await status(
      site,
      new Request('http://localhost/api/contribuer', { method: 'POST', body: many, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    assert.equal(tooMany.status, 413);
    assert.match(tooMany.body, /plus de 400 champs/);
    const json = JSON.stringify({ nom: Array.from({ length: 5_000 }, () => 'x') });
    const refused = await status(site, new Request('http://localhost/api/contribuer', { method: 'POST', body: json, headers: { 'content-type': 'application/json' } }));
    assert.equal(refused.status, 413);
    assert.match(refused.body, /répété plus de 120 fois/);
  });

  it('un champ sans nom et trop long, en multipart, reçoit une page d’erreur et non un 500', async () => {
    const site = makeSite();
    const boundary = 'frontiere';
    for (const disposition of ['form-data; name=""', 'form-data']) {
      const body = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n${'a'.repeat(40_000)}\r\n--${boundary}--\r\n`;
      const request = new Request('http://localhost:4321/api/contribuer', { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      const answer = await status(site, request);
      assert.ok(answer.status >= 400 && answer.status < 500, `${disposition} : ${answer.status}`);
      assert.match(answer.body, /<form/, 'le formulaire est rendu, rempli de ce qui a été lu');
    }
  });

  it('refuse un JSON imbriqué sur des milliers de niveaux par un 400 et non un 500', async () => {
    const site = makeSite();
    const deep = `{"nom":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const answer = await status(site, new Request('http://localhost/api/contribuer', { method: 'POST', body: deep, headers: { 'content-type': 'application/json' } }));
    assert.equal(answer.status, 400);
    assert.match(answer.body, /sans objets imbriqués/);
    const nested = await status(site, jsonRequest({ ...proposal(), nom: { a: 1 } } as unknown as Record<string, unknown>));
    assert.equal(nested.status, 400);
  });

  it('refuse un SVG fait de « url( » répétés sans balayage quadratique', async () => {
    const site = makeSite();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><style>${'a{fill:url('.repeat(80_000)}</style></svg>`;
    const answer = await status(
      site,
      formRequest({ ...proposal(), jeton: site.token() }, { logo: { name: 'x.svg', type: 'image/svg+xml', bytes: new TextEncoder().encode(svg) } }),
    );
    assert.equal(answer.status, 422);
    assert.match(answer.body, /ressource extérieure/);
  });
});

describe('couches anti-spam', () => {
  it('n’ouvre qu’une proposition par jeton, mais accepte le nouvel essai du même envoi', async () => {
    const site = makeSite();
    const jeton = site.token();
    const first = proposal({ jeton });
    assert.equal((await status(site, formRequest(first))).status, 201);
    assert.equal((await status(site, formRequest(first))).status, 200, 'le même envoi retrouve sa proposition');
    const other = await status(site, formRequest(proposal({ jeton })));
    assert.equal(other.status, 409);
    assert.match(other.body, /Ce formulaire a déjà servi/);
    assert.equal(site.branches().length, 1);
  });

  it('n’accepte une preuve de travail qu’avec le jeton pour lequel elle a été résolue, et une fois', async () => {
    const site = makeSite();
    const a = await site.sending();
    const b = await site.sending();
    const swapped = await status(site, formRequest(proposal({ jeton: b.jeton, preuve: a.preuve })));
    assert.equal(swapped.status, 400);
    assert.match(swapped.body, /vérification anti-robot a échoué/);
    assert.equal((await status(site, formRequest(proposal(a)))).status, 201);
    // A script that solves once cannot reuse the token and its solution for another proposal.
    assert.equal((await status(site, formRequest(proposal(a)))).status, 409);
    // A script token without its proof of work is sent to the confirmation step.
    const unsolved = await status(site, formRequest(proposal({ jeton: b.jeton })));
    assert.equal(unsolved.status, 422);
    assert.match(unsolved.body, /Relisez votre proposition/);
  });

  it('refuse les envois qu’une page d’un autre site fait faire au navigateur', async () => {
    const site = makeSite({ env: { CONTRIBUTION_CORS_ORIGINS: 'https://miroir.example' } });
    const from = (headers: Record<string, string>) => {
      const request = formRequest(proposal({ jeton: site.token() }));
      return new Request(request, { headers: { ...Object.fromEntries(request.headers), ...headers } });
    };
    for (const headers of [{ origin: 'https://ailleurs.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const answer = await status(site, from(headers));
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.match(answer.body, /vient d’une page d’un autre site/);
    }
    assert.equal((await status(site, from({ origin: 'https://framalibre.example', 'sec-fetch-site': 'same-origin' }))).status, 201);
    assert.equal((await status(site, from({ origin: 'https://miroir.example', 'sec-fetch-site': 'cross-site' }))).status, 201, 'une origine configurée passe');
    assert.equal(site.branches().length, 2);
  });

  it('ne compte pas les brouillons refusés dans le quota de la personne', async () => {
    const site = makeSite();
    const person = { clientAddress: '198.51.100.50' };
    for (let i = 0; i < 3; i++) assert.equal((await status(site, formRequest(proposal({ licences: 'Propriétaire', jeton: site.token() })), person)).status, 422);
    assert.equal((await status(site, formRequest(proposal({ jeton: site.token() })), person)).status, 201);
    assert.equal((await status(site, formRequest(proposal({ jeton: site.token() })), person)).status, 201);
  });
});

describe('identité du client et disjoncteur', () => {
  it('derrière un proxy, ne croit pas l’entrée de X-Forwarded-For écrite par le client', async () => {
    const site = makeSite({ env: { CONTRIBUTION_TRUST_PROXY: '1' } });
    const viaProxy = (forged: string) => {
      const request = formRequest(proposal({ jeton: site.token() }));
      return new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-forwarded-for': `${forged}, 203.0.113.66` } });
    };
    const proxy = { clientAddress: '10.0.0.1' };
    assert.equal((await status(site, viaProxy('1.1.1.1'), proxy)).status, 201);
    assert.equal((await status(site, viaProxy('2.2.2.2'), proxy)).status, 201);
    assert.equal((await status(site, viaProxy('3.3.3.3'), proxy)).status, 429, 'changer l’entrée de gauche ne donne pas un nouveau quota');
  });

  it('sur une plateforme serverless, distingue les personnes par l’en-tête de la plateforme', async () => {
    const site = makeSite({ env: { CONTRIBUTION_CLIENT_IP_HEADER: 'x-real-ip' } });
    const fromAddress = (address: string) => {
      const request = formRequest(proposal({ jeton: site.token() }));
      return site.handler(new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-real-ip': address } }));
    };
    for (const address of ['192.0.2.10', '192.0.2.10']) assert.equal((await fromAddress(address)).status, 201);
    assert.equal((await fromAddress('192.0.2.10')).status, 429);
    assert.equal((await fromAddress('192.0.2.11')).status, 201, 'une autre personne n’est pas touchée');
  });

  it('réserve avant d’ouvrir : vingt envois simultanés ne passent pas une limite de trois', async () => {
    const site = makeSite({ env: { CONTRIBUTION_MAX_PER_HOUR: '3' } });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => site.handler(formRequest(proposal({ jeton: site.token() })), { clientAddress: `198.51.100.${i + 1}` })));
    assert.equal(answers.filter((a) => a.status === 201).length, 3);
    assert.equal(site.branches().length, 3);
  });
});

describe('plusieurs instances', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it('applique une seule série de limites à deux instances reliées au même Redis', async () => {
    const repo = makeRepo();
    const clock = { now: Date.parse('2026-11-21T10:00:00Z') };
    const config = loadConfig({ CONTRIBUTION_SECRET: SECRET, CONTRIBUTION_LOCAL_REPO: repo, CONTRIBUTION_MAX_PER_HOUR: '2', CONTRIBUTION_POW_MAX: '200' });
    const stores = [createRedisStore(redis.url, { prefix: 'deux-instances:' }), createRedisStore(redis.url, { prefix: 'deux-instances:' })];
    const [first, second] = stores.map((store) =>
      createContributionHandler({
        config,
        backend: createLocalBackend({ repo }),
        contentRoot: path.join(repo, 'content'),
        siteUrl: 'https://framalibre.example',
        store,
        now: () => clock.now,
      }),
    ) as [ContributionHandler, ContributionHandler];
    const sending = await solvedSending(first, clock);
    const fields = proposal(sending);
    // The same solution, sent to each instance with different contents: accepted once.
    assert.equal((await first(formRequest(fields), { clientAddress: '192.0.2.1' })).status, 201);
    assert.equal((await second(formRequest({ ...fields, nom: 'Autre Outil Encore' }), { clientAddress: '192.0.2.2' })).status, 409);
    const more = await Promise.all(
      [first, second, first, second].map(async (handler, i) => handler(formRequest(proposal(await solvedSending(handler, clock))), { clientAddress: `192.0.2.${10 + i}` })),
    );
    assert.equal(more.filter((a) => a.status === 201).length, 1, 'un disjoncteur de 2 en tout, pas 2 par instance');
    await Promise.all(stores.map((store) => store.close()));
  });
});

describe('textes acceptés', () => {
  it('refuse caractères de contrôle, bidi, chasse nulle et retours à la ligne, en nommant le champ', async () => {
    const site = makeSite();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ site_web: 'https://www.7-zip.org/ \u2066x\u2069 .gitlab-ci.yml' }, 'site_web', /caractère invisible ou de contrôle \(U\+2066\)/],
      [{ site_web: 'https://www.7-zip.org/ .gitlab-ci.yml' }, 'site_web', /ne doit pas contenir d’espace/],
      [{ nom: 'Deux\nlignes' }, 'nom', /doit tenir sur une seule ligne/],
      [{ description_courte: 'Une phrase\u200b piégée.' }, 'description_courte', /U\+200B/],
      [{ texte: 'Texte avec un \u0000 nul.' }, 'texte', /U\+0000/],
      [{ message: 'Message\u0000' }, 'message', /U\+0000/],
      [{ alternative_a: 'Photo\u202eshop' }, 'alternative_a', /U\+202E/],
    ];
    for (const [fields, field, message] of cases) {
      const answer = await status(site, jsonRequest({ ...proposal(fields), jeton: site.token() }));
      assert.equal(answer.status, 422, `${field} : ${answer.body.slice(0, 300)}`);
      const body = JSON.parse(answer.body) as { erreurs: { champ: string; message: string }[] };
      assert.ok(
        body.erreurs.some((e) => e.champ.startsWith(field) && message.test(e.message)),
        `${field} : ${answer.body.slice(0, 400)}`,
      );
    }
    assert.deepEqual(site.branches(), []);
  });

  it('normalise en NFC : « é » décomposé ou non donne la même notice', async () => {
    const site = makeSite();
    const fields = { ...proposal({ nom: 'Éditeur Décomposé' }), jeton: site.token() };
    assert.equal((await status(site, formRequest(fields))).status, 201);
    const [branch] = site.branches();
    assert.match(site.show(branch!, 'content/notices/editeur-decompose.md'), /^nom: Éditeur Décomposé$/m);
    const decomposed = await status(site, formRequest({ ...fields, nom: 'E\u0301diteur De\u0301compose\u0301' }));
    assert.equal(decomposed.status, 200, 'le même envoi, une fois normalisé');
    assert.equal(site.branches().length, 1);
  });

  it('fait d’un nouvel essai après minuit la même proposition', async () => {
    const site = makeSite();
    const fields = proposal({ jeton: site.token() });
    assert.equal((await status(site, formRequest(fields))).status, 201);
    site.clock.now += 24 * 3_600_000 - 120_000;
    const retry = await status(site, formRequest(fields));
    assert.equal(retry.status, 200);
    assert.match(retry.body, /avait déjà été reçue/);
    assert.equal(site.branches().length, 1);
  });

  it('refuse un nom qui donnerait une adresse trop longue, au lieu d’une erreur de la forge', async () => {
    const site = makeSite();
    const answer = await status(site, jsonRequest({ ...proposal({ nom: '+'.repeat(60) }), jeton: site.token() }));
    assert.equal(answer.status, 422);
    assert.match(answer.body, /"champ":"nom","message":"donnerait une adresse de \d+ caractères \(80 au plus\)/);
  });

  it('refuse un doublon exact avec les mots du validateur, et signale franchement un doublon possible', async () => {
    const site = makeSite();
    const copy = await status(site, jsonRequest({ ...proposal({ nom: 'Navigateur Renard', site_web: 'https://mozilla.org/fr/firefox' }), jeton: site.token() }));
    assert.equal(copy.status, 409);
    assert.match(copy.body, /même site web qu’une autre notice : content\/notices\/firefox\.md/);
    const close = await status(site, formRequest({ ...proposal({ nom: 'Firefoxe' }), jeton: site.token() }));
    assert.equal(close.status, 201);
    const [branch] = site.branches();
    const text = site.git('log', '-1', '--format=%B', branch!);
    assert.match(text, /elle ressemble à une notice existante/);
    assert.doesNotMatch(text, /a passé la vérification/);
  });
});

describe('exports et réglages', () => {
  it('neutralise dans le CSV les cellules qu’un tableur calculerait', () => {
    for (const cell of ['=1+1', '+1', '- HYPERLINK("https://evil.example","x")', '-2', '@SUM(A1)', '\tx', '\rx']) assert.equal(defuse(cell), `'${cell}`, cell);
    assert.equal(defuse('Navigateur web'), 'Navigateur web');
    const csv = noticesCsv([{ slug: 'x', url: 'https://framalibre.example/notices/x.html', nom: '- HYPERLINK("https://evil.example","clic")', licences: ['MIT'] } as never]);
    assert.equal(parseCsv(csv)[1]![2], `'- HYPERLINK("https://evil.example","clic")`);
  });

  it('lit le gros bouton rouge comme le README le dit', () => {
    for (const open of [undefined, '', ' ', '0', 'false', ' FALSE ']) assert.equal(isClosedByEnvironment(open), false, JSON.stringify(open));
    for (const closed of ['1', 'oui', 'true', 'fermé']) assert.equal(isClosedByEnvironment(closed), true, closed);
  });
});
