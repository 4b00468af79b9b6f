#!/usr/bin/env bash
# Builds the demo, serves it on loopback and captures every page of the bureau's dashboard, in
# Chinese and in English, with headless Chromium (Debian: apt-get install -y chromium fonts-noto-cjk).
# Usage: tools/screenshot.sh [OUTPUT_DIR]     (default: screenshots/)
# Each page at 1400 px (a desk) and 390 px (a phone): NAME-LANG-WIDTH.png. DUDAO=path/to/dudao skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
port=${PORT:-18090}
source tools/screenshot-demo.sh
"$dudao" serve --store "$work/demo/bureau" --port "$port" --auto-login demo >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  grep -q "http://" "$work/serve.log" 2>/dev/null && break
  sleep 0.2
done

mkdir -p "$out"
item=$("$dudao" ledger list --store "$work/demo/bureau" --overdue --at 2017-12-31 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); import urllib.parse; print(urllib.parse.quote(d[0]["id"], safe="") if d else "")')
record=$("$dudao" record list --store "$work/demo/bureau" --unit school-no1-high --type publicity/article-submission --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["id"] if d else "")')
pages=(
  "overview:/?at=2017-09-30"
  "grid:/grid?at=2017-09-30"
  "grid-schools:/grid?kind=school&at=2017-09-30"
  "cell:/grid/cell?unit=school-no2-high&clause=1.3&at=2017-09-30"
  "unit:/units/school-no1-high?at=2017-12-31"
  "ledger:/ledger?at=2017-12-31"
  "ledger-item:/ledger/$item?at=2017-12-31"
  "record:/records/$record?at=2017-12-31"
  "ledger-new:/ledger/new?at=2017-12-31"
  "ledger-closed:/ledger?at=2017-12-31&state=all&next="
  "inspections:/inspections"
  "leaders:/leaders?at=2017-09-30"
  "evaluation:/evaluation?at=2017-12-31"
  "sync:/sync"
  "campaign:/campaign"
  "users:/users"
  "not-found:/no/such/page"
)
for width in 1400 390; do
  for language in zh en; do
    for entry in "${pages[@]}"; do
      name=${entry%%:*}
      path=${entry#*:}
      separator='?'; [[ $path == *\?* ]] && separator='&'
      "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$width,1600 \
        --screenshot="$out/$name-$language-$width.png" "http://127.0.0.1:$port$path${separator}lang=$language" >/dev/null 2>&1
      echo "$out/$name-$language-$width.png"
    done
  done
done
