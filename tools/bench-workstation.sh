#!/usr/bin/env bash
# Times the school's workstation on a release build: the 待办 page and an article filed through its
# generated form, on the demo's diligent school after a whole simulated year (issue 11's benchmark).
# Each figure is the median and the worst time to first byte over N requests on 127.0.0.1, which is
# the server's time plus a loopback round trip.
# Usage: tools/bench-workstation.sh [N]   (DUDAO=path/to/dudao skips the release build; PORT=… to move)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
port=${PORT:-18181}
dudao=${DUDAO:-}
if [ -z "$dudao" ]; then
  swift build -c release --product dudao >/dev/null
  dudao=.build/release/dudao
fi
work=$(mktemp -d)
"$dudao" demo --dir "$work/demo" --no-serve >/dev/null
store="$work/demo/units/school-no1-high"
records=$("$dudao" record list --store "$store" --json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' || echo "?")
"$dudao" app --store "$store" --port "$port" >"$work/app.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
link=""
for _ in $(seq 1 100); do
  link=$(grep -o "http://127.0.0.1:$port/?token=[^ ]*" "$work/app.log" | head -1 || true)
  [ -n "$link" ] && break
  sleep 0.1
done
[ -n "$link" ] || { echo "dudao app printed no link:" >&2; cat "$work/app.log" >&2; exit 1; }
jar="$work/cookies"
curl -s -c "$jar" -b "$jar" -o /dev/null "$link"
base="http://127.0.0.1:$port"

# Reads "seconds status" lines; refuses any answer but the expected status, so a refused form is not timed as a success.
stats() {
  sort -n | awk -v want="$1" '$2 != want {bad++} {a[NR]=$1}
    END {if (bad) {printf "%d of %d answers were not %s\n", bad, NR, want; exit 1}
         printf "median %.1f ms, worst %.1f ms (%d requests, all %s)\n", a[int((NR+1)/2)]*1000, a[NR]*1000, NR, want}'
}

echo "school-no1-high, a diligent year: $records records"
printf "待办 (home) as of 2017-12-15:    "
for _ in $(seq 1 "$n"); do
  curl -s -b "$jar" -o /dev/null -w "%{time_starttransfer} %{http_code}\n" "$base/?at=2017-12-15"
done | stats 200

printf "an article filed through its form: "
type="publicity%2Farticle-submission"
for i in $(seq 1 "$n"); do
  form=$(curl -s -b "$jar" "$base/records/new?type=$type")
  csrf=$(printf '%s' "$form" | python3 -c 'import re,sys; m=re.search(r"name=\"csrf\" value=\"([^\"]+)\"", sys.stdin.read()); print(m.group(1) if m else "")')
  curl -s -b "$jar" -o /dev/null -w "%{time_starttransfer} %{http_code}\n" \
    --data-urlencode "csrf=$csrf" --data-urlencode "f.title=基准测试稿件 $i" --data-urlencode "f.submittedOn=2017-12-1$((i % 9))" \
    --data-urlencode "f.author=校办" --data-urlencode "f.summary=基准测试" "$base/records/new?type=$type"
done | stats 303
after=$("$dudao" record list --store "$store" --json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' || echo "?")
echo "records after: $after (each submission stored one)"
