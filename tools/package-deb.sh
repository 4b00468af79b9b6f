#!/usr/bin/env bash
# Builds dudao and packs dudao_VERSION_ARCH.deb with dpkg-deb: the binary (with its resource
# bundles, under /usr/lib/dudao, linked from /usr/bin/dudao), the shipped campaigns, the unit
# workstation's desktop launcher and icon, and the bureau's systemd unit and system user.
#
#   tools/package-deb.sh --release   the self-contained package: Swift's runtime linked in
#                                    (--static-swift-stdlib), built in .build-static; slow
#   tools/package-deb.sh --debug     the debug build (fast; needs the toolchain's runtime, so for
#                                    tests on a machine that has it, never for schools)
# Options: --binary PATH  pack this already built dudao instead of building;
#          --out DIR      where the .deb goes (default: the package root).
# The commit goes into the binary at build time (DUDAO_BUILD_COMMIT, read by Package.swift).
set -euo pipefail

mode=release
binary=""
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root"
while [ $# -gt 0 ]; do
  case "$1" in
    --release) mode=release ;;
    --debug) mode=debug ;;
    --binary) binary="${2:?--binary takes a path}"; shift ;;
    --out) out="${2:?--out takes a folder}"; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package-deb.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

for tool in dpkg-deb dpkg; do
  command -v "$tool" >/dev/null || { echo "package-deb.sh: $tool is missing (apt-get install dpkg-dev)" >&2; exit 69; }
done

version="$(sed -n 's/.*static let version = "\([^"]*\)".*/\1/p' "$root/Sources/DudaoKernel/Release/DudaoRelease.swift")"
[ -n "$version" ] || { echo "package-deb.sh: no version in Sources/DudaoKernel/Release/DudaoRelease.swift" >&2; exit 65; }
arch="$(dpkg --print-architecture)"

if [ -z "$binary" ]; then
  commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || true)"
  if [ -n "$commit" ] && [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit-dirty"
  fi
  export DUDAO_BUILD_COMMIT="$commit"
  if [ "$mode" = release ]; then
    # Foundation's URLSession (the sync client) links libcurl, which the static build names by -lcurl.
    if ! ls /usr/lib/*/libcurl.so >/dev/null 2>&1; then
      echo "package-deb.sh: the static build links libcurl: apt-get install libcurl4-openssl-dev" >&2; exit 69
    fi
    (cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-static --product dudao)
    binary="$root/.build-static/release/dudao"
  else
    (cd "$root" && swift build --product dudao)
    binary="$root/.build/debug/dudao"
  fi
fi
[ -x "$binary" ] || { echo "package-deb.sh: no executable at $binary" >&2; exit 66; }
binary_dir="$(cd "$(dirname "$binary")" && pwd)"

stage="$(mktemp -d)"
chmod 0755 "$stage"   # mktemp makes it 0700, and the package's ./ entry would say so
trap 'rm -rf "$stage"' EXIT
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/lib/dudao" "$stage/usr/share/dudao/campaigns" \
  "$stage/usr/share/applications" "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/lib/systemd/system" \
  "$stage/usr/share/doc/dudao"
install -m 0755 "$binary" "$stage/usr/lib/dudao/dudao"
if [ "$mode" = release ]; then strip --strip-unneeded "$stage/usr/lib/dudao/dudao" 2>/dev/null || true; fi
# Resource bundles (the stylesheet) are found beside the executable's real path.
for bundle in "$binary_dir"/*.resources; do
  [ -d "$bundle" ] && cp -R "$bundle" "$stage/usr/lib/dudao/"
done
ln -s ../lib/dudao/dudao "$stage/usr/bin/dudao"
install -m 0644 "$root"/campaigns/*.json "$stage/usr/share/dudao/campaigns/"
install -m 0644 "$root/tools/package/dudao-workstation.desktop" "$stage/usr/share/applications/dudao-workstation.desktop"
install -m 0644 "$root/tools/package/dudao.svg" "$stage/usr/share/icons/hicolor/scalable/apps/dudao.svg"
install -m 0644 "$root/tools/package/dudao.service" "$stage/usr/lib/systemd/system/dudao.service"
install -m 0644 "$root/README.md" "$stage/usr/share/doc/dudao/README.md"
install -m 0755 "$root/tools/package/postinst" "$stage/DEBIAN/postinst"

# What the binary needs is what `ldd` shows of the static build: libc, libm, libstdc++ and
# libgcc_s, SQLite and zlib, and libcurl (Foundation's URLSession, which the sync client uses).
depends="libc6, libsqlite3-0, zlib1g, libstdc++6, libgcc-s1, libcurl4"
description="督导 Dudao: campaign supervision for an education bureau and its schools"
if [ "$mode" = debug ]; then
  description="$description (debug build: needs the Swift toolchain)"
fi
cat > "$stage/DEBIAN/control" <<CONTROL
Package: dudao
Version: $version
Architecture: $arch
Maintainer: Dudao developers <dudao@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Section: misc
Priority: optional
Description: $description
 Schools record the campaign offline on their own PC (the workstation, opened
 from the desktop launcher 督导 · 单位端) and exchange signed bundles with the
 bureau by USB stick or over the network; the bureau runs dudao serve as the
 systemd service dudao.service, with its store under /var/lib/dudao.
CONTROL

mkdir -p "$out"
deb="$out/dudao_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
