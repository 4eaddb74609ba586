/**
 * .gitlab-ci.yml against GitLab's own JSON schema (the one GitLab's pipeline editor uses, as
 * bundled by the gitlab-ci-local package), then which jobs each kind of pipeline runs, as
 * gitlab-ci-local evaluates the rules (no job is run, nothing leaves the machine).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import yaml from 'js-yaml';
import { git } from './support.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * gitlab-ci-local ships GitLab's schema (app/assets/javascripts/editor/schema/ci.json) inside its
 * bundle rather than as a file: the object literal is cut out of dist/index.js and evaluated in an
 * empty context. It is the schema as GitLab publishes it, before gitlab-ci-local relaxes it.
 */
function gitlabCiSchema(): Record<string, unknown> {
  const bundle = readFileSync('node_modules/gitlab-ci-local/dist/index.js', 'utf8');
  const marker = bundle.indexOf('$id:"https://gitlab.com/.gitlab-ci.yml"');
  assert.ok(marker > 0, 'schéma de GitLab introuvable dans gitlab-ci-local');
  const start = bundle.lastIndexOf('{', marker);
  let depth = 0;
  let quote: string | undefined;
  let end = start;
  for (; end < bundle.length; end++) {
    const c = bundle[end]!;
    if (quote) {
      if (c === '\\') end++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
  }
  return vm.runInNewContext(`(${bundle.slice(start, end + 1)})`, Object.create(null), { timeout: 5000 }) as Record<string, unknown>;
}

const config = yaml.load(readFileSync('.gitlab-ci.yml', 'utf8')) as Record<string, Record<string, any>>;
/** Included only with FRAMALIBRE_APERCU_PAGES=1 (GitLab 17.9, Premium). */
const PAGES_PREVIEW_FILE = '.gitlab/ci/apercu-pages.yml';
const preview = yaml.load(readFileSync(PAGES_PREVIEW_FILE, 'utf8')) as Record<string, Record<string, any>>;

/** The oldest GitLab the main file must run on: the README states it too. */
const MINIMUM_GITLAB = '16.1';

/**
 * GitLab's schema as of MINIMUM_GITLAB, for what matters here: the current schema without the job
 * keywords GitLab added later. `pages` (the job keyword: path_prefix from 16.7, expire_in, then
 * publish in 17.9, doc/ci/yaml/deprecated_keywords.md) is the one that made older instances
 * reject the whole file; `run`, `manual_confirmation`, `identity` and job `inputs` came after 16.1
 * as well. A file valid against this subset uses none of them.
 */
function schemaAsOfMinimum(): Record<string, unknown> {
  const schema = gitlabCiSchema() as { definitions: { job_template: { properties: Record<string, unknown> } } };
  for (const keyword of ['pages', 'run', 'manual_confirmation', 'identity', 'inputs']) delete schema.definitions.job_template.properties[keyword];
  return schema as unknown as Record<string, unknown>;
}

describe('.gitlab-ci.yml et le schéma de GitLab', () => {
  it('est valide selon le schéma CI de GitLab (formats compris)', () => {
    const schema = gitlabCiSchema();
    assert.equal(schema.$id, 'https://gitlab.com/.gitlab-ci.yml');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(config);
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    assert.ok(valid, errors.join('\n'));
  });

  it(`fonctionne à partir de GitLab ${MINIMUM_GITLAB} : valide selon le schéma de cette version (sans les mots-clés de tâche venus après)`, () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schemaAsOfMinimum());
    const valid = validate(config);
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    assert.ok(valid, errors.join('\n'));
    // The check works: the Pages preview (17.9 keywords) would be refused on that version.
    assert.equal(validate({ ...config, ...preview }), false);
    // And the 17.9+ preview is only read when asked for.
    const include = (config.include as unknown as Array<{ local: string; rules: Array<{ if: string }> }>).find((i) => i.local === PAGES_PREVIEW_FILE);
    assert.deepEqual(include?.rules, [{ if: '$FRAMALIBRE_APERCU_PAGES == "1"' }]);
  });

  it('le README de la modération donne la version minimale de GitLab et les rôles des jetons', () => {
    const readme = readFileSync('README.md', 'utf8');
    const moderation = readme.slice(readme.indexOf('## Modération'), readme.indexOf('\n## ', readme.indexOf('## Modération') + 5));
    assert.match(moderation, new RegExp(`GitLab ${MINIMUM_GITLAB.replace('.', '\\.')} ou plus récent`));
    assert.match(moderation, /Developer/);
    assert.match(moderation, /Reporter/);
    assert.match(moderation, /Maintainer/);
    assert.match(moderation, /Rotate/);
  });

  it('le guide de modération : moindre privilège et renouvellement par « Rotate » (le même robot, donc le même rapport)', () => {
    const guide = readFileSync('docs/moderation.md', 'utf8');
    const renewal = guide.slice(guide.indexOf('## Renouveler les jetons'), guide.indexOf('\n## ', guide.indexOf('## Renouveler les jetons') + 5));
    assert.match(renewal, /\*Rotate\*/);
    assert.doesNotMatch(renewal, /Add new token/, 'un nouveau jeton est un nouveau robot : la procédure de renouvellement ne doit pas le créer');
    const setup = guide.slice(guide.indexOf('## Mise en place'));
    assert.match(setup, /Allowed to merge/);
    assert.match(setup, /Maintainers/);
    assert.doesNotMatch(setup, /fusion par \*Developers \+ Maintainers\*/);
  });

  it('le schéma refuse bien une configuration fautive', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(gitlabCiSchema());
    assert.equal(validate({ tache: { script: 'echo', when: 'parfois' } }), false);
    assert.equal(validate({ pages: { script: 'echo', pages: { chemin: 'dist' } } }), false);
  });

  it('publie dist/client sur Pages par la convention public/, sans toucher au dossier public/ d’Astro', () => {
    assert.equal(config.pages!.pages, undefined, 'pas de mot-clé pages: (GitLab 17.9) dans le fichier principal');
    assert.equal(config.pages!.publish, undefined);
    assert.deepEqual(config.pages!.artifacts.paths, ['public']);
    // The job does not fetch the repository: the public/ it fills is the built site only.
    assert.equal(config.pages!.variables.GIT_STRATEGY, 'none');
    assert.match(JSON.stringify(config.pages!.script), /rm -rf public && mv dist\/client public/);
    assert.equal(preview['apercu-pages']!.pages.path_prefix, 'mr-$CI_MERGE_REQUEST_IID');
  });

  it('tient compte des limites que le schéma ne connaît pas', () => {
    // GitLab n'accepte pour expose_as que des lettres ASCII, chiffres, « - », « _ » et espaces.
    assert.match(config.apercu!.artifacts.expose_as, /^\w[-\w ]*$/);
    assert.match(config.tests!.image ?? config.default!.image, /^node:\d+-bookworm$/);
    assert.match(JSON.stringify(config.tests!.script), /apt-get install .*\bchromium\b/);
    assert.equal(config.rapport!.allow_failure, true);
    assert.equal(config.veille!.allow_failure, true);
    assert.match(config.rapport!.resource_group, /CI_MERGE_REQUEST_IID/);
  });
});

describe('les tâches de chaque pipeline, selon gitlab-ci-local', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'framalibre-ci-liste-'));
    copyFileSync('.gitlab-ci.yml', path.join(dir, '.gitlab-ci.yml'));
    cpSync('.gitlab/ci', path.join(dir, '.gitlab/ci'), { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'ci');
    git(dir, 'remote', 'add', 'origin', 'https://gitlab.example.org/framasoft/framalibre.git');
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const jobs = (...variables: string[]) => {
    // GitLab sets no CI_COMMIT_BRANCH in a merge request pipeline; gitlab-ci-local would.
    const mr = variables.includes('CI_PIPELINE_SOURCE=merge_request_event') ? ['--unset-variable', 'CI_COMMIT_BRANCH'] : [];
    const out = execFileSync(process.execPath, [path.resolve('node_modules/gitlab-ci-local/dist/index.js'), '--list-json', ...mr, ...variables.flatMap((v) => ['--variable', v])], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const list = JSON.parse(out.slice(out.indexOf('['))) as { name: string; when: string }[];
    return list
      .filter((j) => j.when !== 'never')
      .map((j) => j.name)
      .sort();
  };

  it('merge request : installation, validation, tests, construction, aperçu, rapport', () => {
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=merge_request_event', 'CI_MERGE_REQUEST_IID=12'), ['apercu', 'construction', 'installation', 'rapport', 'tests', 'validation']);
  });

  it('merge request avec FRAMALIBRE_APERCU_PAGES=1 : l’aperçu part aussi sur Pages', () => {
    assert.ok(jobs('CI_PIPELINE_SOURCE=merge_request_event', 'CI_MERGE_REQUEST_IID=12', 'FRAMALIBRE_APERCU_PAGES=1').includes('apercu-pages'));
  });

  it('branche par défaut : vérifications puis publication sur Pages', () => {
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=push'), ['construction', 'installation', 'pages', 'tests', 'validation']);
  });

  it('pipeline planifié : la veille seulement', () => {
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=schedule'), ['installation', 'veille']);
  });
});
