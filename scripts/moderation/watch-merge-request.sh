#!/usr/bin/env bash
# After `npm run moderation:veille` (scheduled pipeline): proposes the rewritten
# content/activite.yaml by merge request. Pushes ONE branch, `veille/activite` (force: each week
# replaces the previous proposal, and an open merge request from it is updated, never doubled),
# never the default branch, which is protected anyway. A person merges it like any contribution,
# after the validation job has checked the file.
#
# Needs MODERATION_WATCH_TOKEN (formerly VEILLE_TOKEN, still read; src/shared/env.ts): a project access token, role Developer, scope write_repository, stored as a
# masked AND protected CI/CD variable (only pipelines of protected branches — the schedule on
# main — see it; contribution branches do not). Without it, the file stays in the job's artifacts.
# Never fails the job: the veille informs, it never blocks.
set -uo pipefail
# The old name fills the new one; both set to different values: the French message, and nothing pushed.
renamed=$(node "$(dirname "$0")/../env-aliases.ts" MODERATION_WATCH_TOKEN) || exit 0
eval "$renamed"
file=content/activite.yaml
branch=veille/activite

if [ -z "${MODERATION_WATCH_TOKEN:-}" ]; then
  echo "MODERATION_WATCH_TOKEN absent : ${file} n'est pas proposé par merge request (il est dans les artefacts de la tâche)."
  exit 0
fi
if [ "$branch" = "${CI_DEFAULT_BRANCH:-main}" ]; then
  echo "refus : la veille ne pousse jamais sur la branche principale."
  exit 0
fi
if git diff --quiet -- "$file" && [ -z "$(git ls-files --others -- "$file")" ]; then
  echo "${file} inchangé : pas de merge request."
  exit 0
fi

remote=$(printf '%s' "$CI_REPOSITORY_URL" | sed -E "s#//[^@/]*@#//veille:${MODERATION_WATCH_TOKEN}@#")
git checkout -q -B "$branch"
git add -- "$file"
git -c user.name="Veille Framalibre" -c user.email="veille@framalibre.invalid" \
  commit -q -m "Veille : activité des dépôts de code au $(date -u +%F)" -- "$file"
if git push -q --force "$remote" "HEAD:refs/heads/${branch}" \
  -o merge_request.create \
  -o merge_request.target="${CI_DEFAULT_BRANCH:-main}" \
  -o merge_request.title="Veille : activité des dépôts de code (dernières versions, projets archivés)" \
  -o merge_request.label="veille des notices" \
  -o merge_request.remove_source_branch 2>&1 | sed "s#${MODERATION_WATCH_TOKEN}#[masqué]#g"; then
  echo "${file} proposé sur la branche ${branch} (merge request créée ou mise à jour)."
else
  echo "avertissement : ${file} n'a pas pu être poussé sur ${branch}."
fi
exit 0
