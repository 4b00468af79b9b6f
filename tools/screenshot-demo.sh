# Sourced by the screenshot scripts: finds headless Chromium ($browser), the dudao binary ($dudao;
# DUDAO=path skips the build) and builds the demo in a fresh folder ($work/demo).
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "needs chromium (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }

dudao=${DUDAO:-}
if [ -z "$dudao" ]; then
  swift build --product dudao >/dev/null
  dudao=.build/debug/dudao
fi
work=$(mktemp -d)
"$dudao" demo --dir "$work/demo" --no-serve >/dev/null
