#!/usr/bin/env bash
# Run by `mvn package` after the jar is built (exec-maven-plugin, phase package; `-Dcds.skip` leaves it out).
#
#   scripts/class-data-archive.sh TARGET/certportal.jar [JAVA]
#
# Also for a deployment: Java 17 takes an archive only with the class path it was made with, so after copying
# the jar to where it runs, run this there once with the java that runs it (a copied certportal-cds/ is ignored).
#
# Makes TARGET/certportal-cds/: the jar extracted (certportal.jar + lib/, plain jars that the JVM's own class
# loader reads) and a class data sharing archive of the classes a start loads, made by a training start on a
# throw-away database with the same JVM. `java -jar TARGET/certportal.jar` finds the directory and starts
# from it (org.certportal.platform.ArchivedStart): the same start, about a third faster, without flags.
# The stamp (cds.properties) is written last: a directory without it is ignored, and so is one made for
# another build of the jar or another JVM.
set -euo pipefail
jar=$(realpath "$1")
java=${2:-java}
dir="${jar%.jar}-cds"
name=$(basename "$jar")
log="$(dirname "$jar")/class-data-archive.log"

rm -rf "$dir"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" > "$log" 2>&1
training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT
# A whole start on free ports, then the first visitors' requests, then exit (platform/ArchiveTraining): the
# archive holds what a start and its first pages load. Paths are absolute: the archive records the class
# path it was made with, and a start must give the same.
if ! "$java" -XX:ArchiveClassesAtExit="$dir/certportal.jsa" -Dcertportal.archive-training=true \
    -jar "$dir/$name" --certportal.data-dir="$training/data" --server.port=0 --certportal.mail.embedded-smtp-port=0 >> "$log" 2>&1; then
  echo "class-data-archive: the training start failed; see $log" >&2
  rm -rf "$dir"
  exit 1
fi
{
  echo "# made by scripts/class-data-archive.sh; ArchivedStart uses this directory only while all of these hold"
  echo "directory=$dir"
  echo "jar.size=$(stat -c %s "$jar")"
  echo "jar.modified=$(stat -c %Y "$jar")"
  echo "java.home=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
  echo "java.vm.version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.version = //p')"
} > "$dir/cds.properties.tmp"
# The portal refuses a directory that others than the jar's owner may change (its jars would run as the portal),
# whatever the umask of the build was.
chmod -R go-w "$dir" "$dir/cds.properties.tmp"
mv "$dir/cds.properties.tmp" "$dir/cds.properties"
echo "class-data-archive: $dir ($(du -sm "$dir/certportal.jsa" | cut -f1) MB archive)"
