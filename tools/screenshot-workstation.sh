#!/usr/bin/env bash
# Builds the demo, serves one school's workstation (dudao app) on loopback and captures every
# workstation page, in Chinese and in English, with headless Chromium
# (Debian: apt-get install -y chromium fonts-noto-cjk).
# Usage: tools/screenshot-workstation.sh [OUTPUT_DIR]     (default: screenshots/)
# Each page at 1400 px (a desk) and 390 px (a phone): ws-NAME-LANG-WIDTH.png. DUDAO=path/to/dudao skips the build.
# The browser signs in once with the printed one-time link; its profile keeps the session cookie.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
port=${PORT:-18091}
unit=${UNIT:-school-no1-high}
source tools/screenshot-demo.sh
DUDAO_NOW=${DUDAO_NOW:-2017-09-20} "$dudao" app --store "$work/demo/units/$unit" --port "$port" >"$work/app.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  grep -q "token=" "$work/app.log" 2>/dev/null && break
  sleep 0.2
done
link=$(grep -o 'http://[^ ]*token=[^ ]*' "$work/app.log" | head -1)
shot() { # WIDTH FILE URL
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" --window-size=$1,1800 \
    --screenshot="$2" "$3" >/dev/null 2>&1
}
mkdir -p "$out"
shot 1400 "$work/signin.png" "$link"

item=$("$dudao" ledger list --store "$work/demo/units/$unit" --json | python3 -c 'import json,sys,urllib.parse; d=json.load(sys.stdin); print(urllib.parse.quote(d[0]["id"], safe="") if d else "")')
record=$("$dudao" record list --store "$work/demo/units/$unit" --type publicity/article-submission --json 2>/dev/null \
  | python3 -c 'import json,sys,urllib.parse; d=json.load(sys.stdin); print(urllib.parse.quote(d[0]["id"], safe="") if d else "")' || true)
pages=(
  "todo:/"
  "todo-april:/?at=2017-04-12"
  "records:/records"
  "records-clause:/records?clause=1.3"
  "record:/records/$record"
  "record-new:/records/new?type=publicity%2Farticle-submission&date=2017-09-20"
  "record-edit:/records/$record/edit"
  "ledger:/ledger"
  "ledger-item:/ledger/$item"
  "sync:/sync"
  "unit:/unit"
  "not-found:/no/such/page"
)
for width in 1400 390; do
  for language in zh en; do
    for entry in "${pages[@]}"; do
      name=${entry%%:*}
      path=${entry#*:}
      separator='?'; [[ $path == *\?* ]] && separator='&'
      shot $width "$out/ws-$name-$language-$width.png" "http://127.0.0.1:$port$path${separator}lang=$language"
      echo "$out/ws-$name-$language-$width.png"
    done
  done
done
