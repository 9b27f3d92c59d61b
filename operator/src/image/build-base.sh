#!/usr/bin/env bash
# Assembles the image's base root filesystem (everything but the operator's own jars) into
# DIR (default operator/target/image-base), for jib-maven-plugin's extraDirectories (profile -Pimage):
#   /opt/java                  a jlink runtime of the JDK modules the operator needs (jdeps, plus the
#                              ones only reached by reflection or service lookup: TLS EC curves, DNS)
#   /lib/x86_64-linux-gnu, /lib64   glibc, libstdc++, libgcc_s and zlib: what that runtime's libraries
#                              link (ldd), apart from java.desktop's AWT/sound/font libraries, which
#                              are left out (java.desktop is there for java.beans; the JVM runs headless)
#   /etc/passwd, /etc/group    the non-root user 65532 ("nonroot", home /tmp)
#   /etc/ssl/certs/ca-certificates.crt and /opt/java/lib/security/cacerts   Mozilla's roots from
#                              Debian's ca-certificates (the JVM's trust store is written by cacerts.py)
#   /tmp                       the mount point of the chart's emptyDir
#
# Where from: Debian bookworm packages, fetched with a private apt source list into a cache outside
# the repo and unpacked with dpkg -x (as .ci/install-postgres.sh does; the machine's apt state is not
# touched). jlink is the downloaded openjdk-17-jdk-headless's, run
# on its jmods, so the runtime does not depend on which JDK builds the operator.
#
# Reproducible: the same .deb files give the same tree, byte for byte: symlinks are replaced by the
# files they name (Jib would otherwise follow them on the build machine), no timestamps are kept (Jib
# writes every file with a fixed time), the trust store has fixed entry dates, and the package
# versions are written into /usr/share/aurora-operator/base-packages.txt, so a new Debian package
# changes the digest and nothing else does.
#
# Env: AURORA_IMAGE_CACHE  where the .deb files are kept (default ~/.cache/aurora-operator-image;
#                          delete it to fetch current package versions)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/../../target/image-base}"
CACHE="${AURORA_IMAGE_CACHE:-$HOME/.cache/aurora-operator-image}"
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g ca-certificates openjdk-17-jre-headless openjdk-17-jdk-headless)
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.attach,jdk.httpserver,jdk.management,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns
STAMP="bookworm: ${PACKAGES[*]}"
start=$SECONDS

if [[ ! -f "$CACHE/debs/.stamp" || "$(cat "$CACHE/debs/.stamp")" != "$STAMP" ]]; then
  APT="$CACHE/apt"
  rm -rf "$APT" "$CACHE/debs"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$CACHE/debs"
  cat >"$APT/sources.list" <<'LIST'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
LIST
  apt_private=(-q -o "Dir::Etc::sourcelist=$APT/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  apt-get "${apt_private[@]}" update >"$APT/update.log" 2>&1 ||
    { cat "$APT/update.log" >&2; echo "build-base: apt-get update (private lists) failed" >&2; exit 1; }
  (cd "$CACHE/debs" && apt-get "${apt_private[@]}" download "${PACKAGES[@]}" >"$APT/download.log" 2>&1) ||
    { cat "$APT/download.log" >&2; echo "build-base: apt-get download failed" >&2; exit 1; }
  rm -rf "$APT"
  echo "$STAMP" >"$CACHE/debs/.stamp"
fi

WORK="$OUT.work"
rm -rf "$OUT" "$WORK"
mkdir -p "$WORK/debs" "$OUT"
for deb in "$CACHE/debs"/*.deb; do dpkg -x "$deb" "$WORK/debs"; done
JDK="$WORK/debs/usr/lib/jvm/java-17-openjdk-amd64"

# jlink of the downloaded JDK on its own jmods. --strip-debug and no man pages or headers: the runtime
# only runs the operator. Without a CDS archive (JDK 17's jlink cannot write it reproducibly).
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --output "$WORK/java" \
  --strip-debug --no-man-pages --no-header-files --dedup-legal-notices=error-if-not-same-content
mkdir -p "$OUT/opt"
cp -rL "$WORK/java" "$OUT/opt/java"
rm -f "$OUT/opt/java/lib/security/cacerts"
rm -f "$OUT"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound,libfontmanager,libjavajpeg,liblcms}.so

# The shared libraries only, each under its soname (the loader finds them in its built-in multiarch path).
mkdir -p "$OUT/lib/x86_64-linux-gnu" "$OUT/lib64"
for lib in "$WORK"/debs/lib/x86_64-linux-gnu/*.so.[0-9] "$WORK"/debs/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 \
  "$WORK"/debs/usr/lib/x86_64-linux-gnu/libstdc++.so.6; do
  cp -L "$lib" "$OUT/lib/x86_64-linux-gnu/"
done
cp -L "$WORK/debs/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$OUT/lib64/ld-linux-x86-64.so.2"

mkdir -p "$OUT/etc/ssl/certs" "$OUT/tmp" "$OUT/usr/share/aurora-operator"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' >"$OUT/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$OUT/etc/group"
# Mozilla's roots as Debian ships them, one PEM bundle (for anything that reads /etc/ssl) and the JVM's
# trust store, both in file-name order.
find "$WORK/debs/usr/share/ca-certificates/mozilla" -name '*.crt' | LC_ALL=C sort >"$WORK/certs.txt"
xargs cat <"$WORK/certs.txt" >"$OUT/etc/ssl/certs/ca-certificates.crt"
python3 "$HERE/cacerts.py" "$OUT/opt/java/lib/security/cacerts" <"$WORK/certs.txt"

for deb in "$CACHE/debs"/*.deb; do dpkg-deb -f "$deb" Package Version | paste -sd' '; done | LC_ALL=C sort \
  >"$OUT/usr/share/aurora-operator/base-packages.txt"
echo "jlink --add-modules $MODULES" >>"$OUT/usr/share/aurora-operator/base-packages.txt"

# Jib sets every file's mode from the plugin's <permissions>; nothing else of the tree's metadata counts.
find "$OUT" -type l | grep -q . && { echo "build-base: symlinks left in $OUT" >&2; exit 1; }
rm -rf "$WORK"
echo "image base in $OUT: $(du -sm "$OUT" | cut -f1) MiB, $(find "$OUT" -type f | wc -l) files, $((SECONDS - start)) s"
