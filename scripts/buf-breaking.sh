#!/usr/bin/env bash
# buf breaking: proto/ in the working tree against the merge base with main.
#   scripts/buf-breaking.sh BUF
# The base is `git merge-base HEAD REF` for the first REF of origin/main, origin/HEAD,
# main that exists (a CI clone may have no local main branch); on main itself that is
# HEAD, so uncommitted proto edits are still checked. With none of them, the first
# commit. Skips, loudly, only when the repository has no commit at all.
set -euo pipefail
buf=$(realpath "${1:?usage: $0 BUF}")
cd "$(dirname "$0")/.."

if ! git rev-parse -q --verify 'HEAD^{commit}' >/dev/null 2>&1; then
  echo "WARNING: buf breaking SKIPPED: no git history to compare proto/ against" >&2
  exit 0
fi
base="" what=""
for ref in origin/main origin/HEAD main; do
  if git rev-parse -q --verify "$ref^{commit}" >/dev/null; then
    base=$(git merge-base HEAD "$ref") && what="merge base with $ref" && break
  fi
done
if [ -z "$base" ]; then
  base=$(git rev-list --max-parents=0 HEAD | tail -n1)
  what="first commit: no main branch found"
fi
if ! git cat-file -e "$base:proto" 2>/dev/null; then
  echo "buf breaking: no proto/ at $base ($what): nothing to break"
  exit 0
fi
echo "buf breaking: proto/ against $base ($what)"
# The common dir holds the objects, also from a linked worktree.
gitdir=$(git rev-parse --path-format=absolute --git-common-dir)
cd proto && "$buf" breaking --against "$gitdir#ref=$base,subdir=proto"
