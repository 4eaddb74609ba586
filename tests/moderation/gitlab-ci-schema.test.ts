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

  it('le schéma refuse bien une configuration fautive', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(gitlabCiSchema());
    assert.equal(validate({ tache: { script: 'echo', when: 'parfois' } }), false);
    assert.equal(validate({ pages: { script: 'echo', pages: { chemin: 'dist' } } }), false);
  });

  it('publie dist/client sur Pages sans toucher au dossier public/ d’Astro', () => {
    assert.equal(config.pages!.pages.publish, 'dist/client');
    assert.ok(config.pages!.artifacts.paths.includes('dist/client/'));
    assert.ok(!JSON.stringify(config.pages!.script).includes('public'), 'la tâche pages ne doit pas écrire dans public/');
    assert.equal(config['apercu-pages']!.pages.path_prefix, 'mr-$CI_MERGE_REQUEST_IID');
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
    const out = execFileSync(
      process.execPath,
      [path.resolve('node_modules/gitlab-ci-local/dist/index.js'), '--list-json', ...mr, ...variables.flatMap((v) => ['--variable', v])],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const list = JSON.parse(out.slice(out.indexOf('['))) as { name: string; when: string }[];
    return list.filter((j) => j.when !== 'never').map((j) => j.name).sort();
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
