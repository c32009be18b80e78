#!/usr/bin/env bash
# The test-runner benchmark: the same 200 login tests through `wxbox test` and through
# miniprogram-simulate + jsdom (a Node script), each side run N times as a whole process.
# Prints one Markdown table row per side (median wall time, median CPU time, peak RSS) and the
# ratios against the issue's targets (wxbox at least 10x faster, under a quarter of the memory).
#
# usage: benches/test-runner/run.sh [N]      (N runs per side, default 5)
# env:   WXBOX  the wxbox binary (default ../../target/release/wxbox from this folder)
#        NODE   the node binary (default node)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

runs="${1:-5}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [N]  (N: runs per side, a positive integer)" >&2
  exit 2
fi
WXBOX="${WXBOX:-$here/../../target/release/wxbox}"
NODE="${NODE:-node}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure OUT_PREFIX CMD...: runs CMD once; writes "wall_s maxrss_kb user_s sys_s" to
# OUT_PREFIX.m and the command's output to OUT_PREFIX.log; returns the command's exit status.
# Peak RSS is the kernel's ru_maxrss for the command's process (the largest of it and the
# children it waited for, not their sum).
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e' true 2>/dev/null; then
  # GNU time's %e has 10 ms steps; the wall time is taken in nanoseconds around it instead.
  measure() {
    local out="$1"; shift
    local t0 t1 rc=0
    t0="$(date +%s%N)"
    /usr/bin/time -f '%M %U %S' -o "$out.t" "$@" >"$out.log" 2>&1 || rc=$?
    t1="$(date +%s%N)"
    echo "$(( (t1 - t0) / 1000000 )) $(tail -n 1 "$out.t")" |
      awk '{printf "%.3f %s %s %s\n", $1 / 1000, $2, $3, $4}' >"$out.m"
    return "$rc"
  }
else
  measure() {
    local out="$1"; shift
    python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t = time.monotonic()
with open(out + ".log", "wb") as log:
    rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
wall = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # ru_maxrss in KiB on Linux
with open(out + ".m", "w") as m:
    m.write(f"{wall:.3f} {ru.ru_maxrss} {ru.ru_utime:.2f} {ru.ru_stime:.2f}\n")
sys.exit(rc)
PY
  }
fi

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# bench NAME CMD...: N measured runs; every run must exit 0. Leaves NAME's medians in
# $tmp/NAME.summary as "wall_s cpu_s rss_kb max_rss_kb".
bench() {
  local name="$1"; shift
  local i
  : >"$tmp/$name.all"
  for ((i = 1; i <= runs; i++)); do
    if ! measure "$tmp/$name.$i" "$@"; then
      echo "$name: run $i failed: $*" >&2
      tail -n 20 "$tmp/$name.$i.log" >&2
      return 1
    fi
    tail -n 1 "$tmp/$name.$i.m" >>"$tmp/$name.all"
    echo "$name run $i/$runs: $(tail -n 1 "$tmp/$name.$i.m" | awk '{printf "%.2f s wall, %.2f s cpu, %.1f MB peak RSS", $1, $3 + $4, $2 / 1024}')" >&2
  done
  local wall cpu rss maxrss
  wall="$(awk '{print $1}' "$tmp/$name.all" | median)"
  cpu="$(awk '{print $3 + $4}' "$tmp/$name.all" | median)"
  rss="$(awk '{print $2}' "$tmp/$name.all" | median)"
  maxrss="$(awk '{print $2}' "$tmp/$name.all" | sort -g | tail -n 1)"
  echo "$wall $cpu $rss $maxrss" >"$tmp/$name.summary"
}

row() {
  local label="$1" name="$2"
  read -r wall cpu rss maxrss <"$tmp/$name.summary"
  awk -v l="$label" -v w="$wall" -v c="$cpu" -v r="$rss" -v m="$maxrss" -v n="$runs" \
    'BEGIN {printf "| %s | %d | %.3f s | %.2f s | %.1f MB | %.1f MB |\n", l, n, w, c, r / 1024, m / 1024}'
}

echo "load before: $(uptime)" >&2
echo >&2

failed=0
have_node=0
if [ ! -d simulate/node_modules/miniprogram-simulate ] || [ ! -d simulate/node_modules/jsdom ]; then
  echo "simulate: skipped: run \`npm install\` in $here/simulate first" >&2
elif bench simulate "$NODE" simulate/bench.js; then
  have_node=1
else
  failed=1
fi

have_wxbox=0
if [ ! -x "$WXBOX" ]; then
  echo "wxbox: skipped: no binary at $WXBOX (build it with \`cargo build --release -p wxbox-cli\`, or set WXBOX)" >&2
elif ! "$WXBOX" test --help >/dev/null 2>&1; then
  echo "wxbox: skipped: $WXBOX has no \`test\` subcommand (\`$WXBOX test --help\` fails)" >&2
elif bench wxbox "$WXBOX" test wxbox/login.test.js; then
  have_wxbox=1
else
  failed=1
fi

echo >&2
echo "load after: $(uptime)" >&2
echo

echo "| 200 login tests, whole process | runs | median wall | median CPU (user+sys) | median peak RSS | max peak RSS |"
echo "|---|---|---|---|---|---|"
[ "$have_wxbox" = 1 ] && row '`wxbox test wxbox/login.test.js`' wxbox
[ "$have_node" = 1 ] && row '`node simulate/bench.js` (miniprogram-simulate 1.6.2 + jsdom)' simulate

if [ "$have_wxbox" = 1 ] && [ "$have_node" = 1 ]; then
  read -r ww wc wr _ <"$tmp/wxbox.summary"
  read -r sw sc sr _ <"$tmp/simulate.summary"
  echo
  awk -v ww="$ww" -v wc="$wc" -v wr="$wr" -v sw="$sw" -v sc="$sc" -v sr="$sr" 'BEGIN {
    t = sw / ww; m = wr / sr
    c = (wc > 0) ? sprintf("%.1fx", sc / wc) : "n/a (wxbox under 10 ms)"
    printf "wxbox vs simulate: %.1fx faster in wall time (target >= 10x: %s), %.2f of the peak RSS (target < 0.25: %s); CPU time, simulate / wxbox: %s\n",
      t, (t >= 10 ? "met" : "not met"), m, (m < 0.25 ? "met" : "not met"), c
  }'
fi

[ "$have_node" = 1 ] || [ "$have_wxbox" = 1 ] || { echo "nothing measured" >&2; exit 1; }
exit "$failed"
