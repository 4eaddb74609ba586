/**
 * .gitlab-ci.yml against GitLab's own JSON schema (the one GitLab's pipeline editor uses, as
 * bundled by the gitlab-ci-local package), then which jobs each kind of pipeline runs, as
 * gitlab-ci-local evaluates the rules (no job is run, nothing leaves the machine).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
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
/** The file the operator puts in the configuration project (GitLab's « CI/CD configuration file »). */
const CONFIGURATION_PROJECT_FILE = '.gitlab/ci/projet-de-configuration.yml';
const configurationProject = yaml.load(readFileSync(CONFIGURATION_PROJECT_FILE, 'utf8')) as Record<string, any>;
/** A Pages job in the 17.9 form (`pages:` keyword, Premium `path_prefix`), for the negative check. */
const PAGES_17_9_JOB = { 'apercu-pages': { script: ['true'], pages: { path_prefix: 'mr-$CI_MERGE_REQUEST_IID', expire_in: '2 weeks', publish: 'apercu' } } };

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
    // The check works: a Pages job in the 17.9 form would be refused on that version.
    assert.equal(validate({ ...config, ...PAGES_17_9_JOB }), false);
    // The configuration project's file is valid for that version too.
    assert.ok(validate(configurationProject), JSON.stringify(validate.errors));
  });

  it('le projet de configuration inclut le .gitlab-ci.yml de la branche par défaut de Framalibre, et rien d’autre', () => {
    assert.deepEqual(Object.keys(configurationProject), ['include']);
    assert.deepEqual(configurationProject.include, [{ project: 'framasoft/framalibre', ref: 'main', file: '.gitlab-ci.yml' }]);
    assert.equal(config.include, undefined, 'le pipeline n’inclut aucun fichier qu’une branche pourrait fournir');
  });

  it('le README de la modération donne la version minimale de GitLab et les rôles des jetons', () => {
    const readme = readFileSync('README.md', 'utf8');
    const moderation = readme.slice(readme.indexOf('## Modération'), readme.indexOf('\n## ', readme.indexOf('## Modération') + 5));
    assert.match(moderation, new RegExp(`GitLab ${MINIMUM_GITLAB.replace('.', '\\.')} ou plus récent`));
    assert.match(moderation, /Developer/);
    assert.match(moderation, /Reporter/);
    assert.match(moderation, /Maintainer/);
    assert.match(moderation, /Rotate/);
    assert.match(moderation, /GitLab Runner 16\.1/);
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

  it('le guide donne le modèle de menace (chaque jeton, ce qu’une fuite permet, ses sources) et le drapeau illisible', () => {
    const guide = readFileSync('docs/moderation.md', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    const section = (text: string, title: string) => text.slice(text.indexOf(title), text.indexOf('\n## ', text.indexOf(title) + 5));
    const threats = section(guide, '## Qui détient quel jeton');
    for (const holder of ['GITLAB_TOKEN', 'MODERATION_TOKEN', 'CI_JOB_TOKEN', 'Maintainer', 'webhook']) assert.ok(threats.includes(holder), holder);
    assert.match(threats, /basculer le drapeau/, 'le jeton de la fonction peut rouvrir le formulaire : le guide le dit');
    assert.match(threats, /docs\.gitlab\.com\/ci\/pipelines\/settings/);
    assert.match(threats, /gitlab-org\/gitlab\/-\/issues\/1135/);
    // The old promise was false: a Developer token can push a branch with its own pipeline.
    for (const text of [guide, readme]) assert.doesNotMatch(text, /même s.il fuitait/);
    const killSwitch = section(guide, '## Fermer les contributions');
    assert.match(killSwitch, /403/);
    assert.match(killSwitch, /404/);
    assert.match(killSwitch, /Feature flags/);
    const setup = section(guide, '## Mise en place').replace(/\s+/g, ' ');
    for (const setting of [
      'CI/CD configuration file',
      'Protect variable',
      'moderation',
      'Minimum role to use pipeline variables',
      'restrict_user_defined_variables',
      'GitLab Runner 16.1',
    ]) {
      assert.ok(setup.includes(setting), setting);
    }
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
    // Only on the protected default branch, never in a merge request pipeline.
    const rules = config.pages!.rules as Array<{ if: string }>;
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      assert.match(rule.if, /\$CI_COMMIT_BRANCH == \$CI_DEFAULT_BRANCH/);
      assert.match(rule.if, /\$CI_COMMIT_REF_PROTECTED == "true"/);
      assert.doesNotMatch(rule.if, /merge_request_event/);
    }
    // No other job publishes on Pages (a job named `pages`, or the `pages:` keyword).
    const publishing = Object.entries(config).filter(([name, job]) => !name.startsWith('.') && job && typeof job === 'object' && (name === 'pages' || 'pages' in job));
    assert.deepEqual(
      publishing.map(([name]) => name),
      ['pages'],
    );
  });

  it('seules « rapports » et « veille » ont l’environnement des jetons, et seulement planifiées sur la branche protégée', () => {
    const withSecrets = Object.entries(config).filter(([name, job]) => {
      if (name.startsWith('.') || !job || typeof job !== 'object' || !('script' in job || 'extends' in job)) return false;
      const parents = [job.extends ?? []].flat() as string[];
      const environment = job.environment ?? parents.map((p) => config[p]?.environment).find(Boolean);
      return (typeof environment === 'string' ? environment : environment?.name) === 'moderation';
    });
    assert.deepEqual(withSecrets.map(([name]) => name).sort(), ['rapports', 'veille']);
    for (const [, job] of withSecrets) {
      for (const rule of job.rules as Array<{ if: string }>) {
        assert.match(rule.if, /\$CI_PIPELINE_SOURCE == "schedule"/);
        assert.match(rule.if, /\$CI_COMMIT_REF_PROTECTED == "true"/);
      }
    }
    assert.deepEqual(config['.moderation']!.environment, { name: 'moderation', action: 'prepare' });
  });

  it('tient compte des limites que le schéma ne connaît pas', () => {
    // GitLab n'accepte pour expose_as que des lettres ASCII, chiffres, « - », « _ » et espaces.
    assert.match(config.apercu!.artifacts.expose_as, /^\w[-\w ]*$/);
    assert.match(config.tests!.image ?? config.default!.image, /^node:\d+-bookworm$/);
    assert.match(JSON.stringify(config.tests!.script), /apt-get install .*\bchromium\b/);
    assert.equal(config.rapport!.allow_failure, true);
    assert.equal(config.rapports!.allow_failure, true);
    assert.equal(config.veille!.allow_failure, true);
    // Two close schedules must not write two comments.
    assert.equal(config.rapports!.resource_group, 'rapports');
    assert.equal(config.rapports!.interruptible, false);
  });
});

describe('les tâches de chaque pipeline, selon gitlab-ci-local', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'framalibre-ci-liste-'));
    copyFileSync('.gitlab-ci.yml', path.join(dir, '.gitlab-ci.yml'));
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
      env: { ...process.env, GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH,CI_COMMIT_REF_PROTECTED' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const list = JSON.parse(out.slice(out.indexOf('['))) as { name: string; when: string }[];
    return list
      .filter((j) => j.when !== 'never')
      .map((j) => j.name)
      .sort();
  };

  it('merge request : installation, validation, tests, construction, aperçu, rapport (sans Pages ni jeton)', () => {
    const expected = ['apercu', 'construction', 'installation', 'rapport', 'tests', 'validation'];
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=merge_request_event', 'CI_MERGE_REQUEST_IID=12'), expected);
    // Even a merge request between protected branches gets no Pages job and no token job.
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=merge_request_event', 'CI_MERGE_REQUEST_IID=12', 'CI_COMMIT_REF_PROTECTED=true'), expected);
  });

  it('branche par défaut protégée : vérifications puis publication sur Pages', () => {
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=push', 'CI_COMMIT_REF_PROTECTED=true'), ['construction', 'installation', 'pages', 'tests', 'validation']);
  });

  it('branche par défaut NON protégée : vérifications, mais aucune publication', () => {
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=push', 'CI_COMMIT_REF_PROTECTED=false'), ['construction', 'installation', 'tests', 'validation']);
  });

  it('pipelines planifiés de la branche protégée : les rapports (par défaut) ou la veille', () => {
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=schedule', 'CI_COMMIT_REF_PROTECTED=true'), ['installation', 'rapports']);
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=schedule', 'CI_COMMIT_REF_PROTECTED=true', 'FRAMALIBRE_SCHEDULE=veille'), ['installation', 'veille']);
    // The old name of the variable, as existing schedules set it.
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=schedule', 'CI_COMMIT_REF_PROTECTED=true', 'FRAMALIBRE_PLANIFIE=veille'), ['installation', 'veille']);
    // A schedule on an unprotected ref would get no protected variable: no job asks for one.
    assert.deepEqual(jobs('CI_PIPELINE_SOURCE=schedule', 'CI_COMMIT_REF_PROTECTED=false'), ['installation']);
  });
});
