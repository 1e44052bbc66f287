#!/usr/bin/env bash
# Benchmark: unspun build against Hugo on the same synthetic articles.
#
#   tests/bench/run.sh                 # N = 100, 1000, 10000
#   NS="1000" RUNS=7 tests/bench/run.sh
#
# For each N it generates a site of N report pairs with the `gensite` example
# (tests/bench/gensite.rs), then runs `unspun build` and `hugo` on the same
# 2N articles, alternating which goes first, RUNS times each (after one
# unmeasured warm-up run of each), each run into a fresh directory, and
# prints the medians of wall time, CPU time (user + sys) and peak resident
# memory, with the unspun/hugo ratio. All outputs are deleted at the end.
#
# Environment:
#   NS          sizes to run (default "100 1000 10000")
#   RUNS        measured runs per tool for N <= 1000 (default 5)
#   RUNS_BIG    measured runs per tool for N > 1000 (default 3; no warm-up run)
#   BENCH_DIR   where sites and outputs go (default /tmp/unspun-bench)
#   TIMEOUT     seconds before one build is given up (default 900)
#   RESULTS     file to append the result table to (default $BENCH_DIR/results.md)
#   UNSPUN_TIMINGS=1 is passed through: unspun then prints per-stage times.
#
# Needs: cargo, hugo (Debian package `hugo`), GNU time (Debian package `time`).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
NS=${NS:-"100 1000 10000"}
RUNS=${RUNS:-5}
RUNS_BIG=${RUNS_BIG:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/unspun-bench}
TIMEOUT=${TIMEOUT:-900}
RESULTS=${RESULTS:-$BENCH_DIR/results.md}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}

for tool in hugo /usr/bin/time; do
    command -v "$tool" >/dev/null || {
        echo "run.sh: $tool not found (apt-get install -y hugo time)" >&2
        exit 1
    }
done

echo "== building unspun (release)" >&2
(cd "$repo" && cargo build --release --quiet --bin unspun --example gensite)
# Copies, so that rebuilding while the benchmark runs changes nothing.
mkdir -p "$BENCH_DIR/bin"
cp "$CARGO_TARGET_DIR/release/unspun" "$CARGO_TARGET_DIR/release/examples/gensite" "$BENCH_DIR/bin/"
unspun=$BENCH_DIR/bin/unspun
gensite=$BENCH_DIR/bin/gensite

# median of the numbers on stdin
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# measure TOOL N LOG RUN: runs one build into a fresh directory, appends
# "wall cpu rss_kb" to LOG. Outputs are deleted only when every run is done:
# deleting thousands of files just before a build makes ext4's inode
# allocator pass over them during the build, which slows every run after the
# first (for both tools) and says nothing about either.
measure() {
    local tool=$1 n=$2 log=$3 site=$BENCH_DIR/$n out=$BENCH_DIR/$n/runs/$1-$4 t
    t=$(mktemp)
    rm -rf "$out"
    case $tool in
    unspun) cmd=("$unspun" build --root "$site/unspun" --output-dir "$out") ;;
    hugo) cmd=(hugo --quiet --source "$site/hugo" --destination "$out") ;;
    esac
    if ! timeout "$TIMEOUT" /usr/bin/time -f "%e %U %S %M" -o "$t" "${cmd[@]}" >"$BENCH_DIR/$tool.stdout" 2>"$BENCH_DIR/$tool.stderr"; then
        echo "run.sh: $tool failed or timed out on N=$n; see $BENCH_DIR/$tool.stderr" >&2
        tail -5 "$BENCH_DIR/$tool.stderr" >&2
        rm -f "$t"
        return 1
    fi
    # the last line: GNU time may put a "Command exited" line first
    tail -1 "$t" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' >>"$log"
    rm -f "$t"
}

{
    echo
    echo "### $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| N reports | Hugo pages | runs | unspun wall s | hugo wall s | wall ratio | unspun CPU s | hugo CPU s | CPU ratio | unspun peak RSS MiB | hugo peak RSS MiB |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee -a "$RESULTS"

for n in $NS; do
    site=$BENCH_DIR/$n
    if [ ! -f "$site/.generated" ]; then
        echo "== generating N=$n" >&2
        "$gensite" --pairs "$n" --out "$site" >&2
        touch "$site/.generated"
    fi
    runs=$RUNS
    [ "$n" -gt 1000 ] && runs=$RUNS_BIG
    : >"$site/unspun.log"
    : >"$site/hugo.log"
    rm -rf "$site/runs"
    if [ "$n" -le 1000 ]; then
        echo "== N=$n: warm-up, then $runs runs each, alternating" >&2
        measure unspun "$n" /dev/null warm-up
        measure hugo "$n" /dev/null warm-up
    else
        echo "== N=$n: $runs runs each, alternating (no warm-up: too slow)" >&2
    fi
    for i in $(seq 1 "$runs"); do
        if [ $((i % 2)) -eq 1 ]; then order="unspun hugo"; else order="hugo unspun"; fi
        for tool in $order; do
            measure "$tool" "$n" "$site/$tool.log" "$i"
            echo "   run $i $tool: $(tail -1 "$site/$tool.log")" >&2
        done
    done
    uw=$(cut -d' ' -f1 "$site/unspun.log" | median)
    hw=$(cut -d' ' -f1 "$site/hugo.log" | median)
    uc=$(cut -d' ' -f2 "$site/unspun.log" | median)
    hc=$(cut -d' ' -f2 "$site/hugo.log" | median)
    um=$(cut -d' ' -f3 "$site/unspun.log" | median)
    hm=$(cut -d' ' -f3 "$site/hugo.log" | median)
    pages=$(find "$site/hugo/content" -name '*.md' | wc -l)
    awk -v n="$n" -v p="$pages" -v r="$runs" -v uw="$uw" -v hw="$hw" -v uc="$uc" -v hc="$hc" -v um="$um" -v hm="$hm" 'BEGIN {
        printf "| %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f |\n",
            n, p, r, uw, hw, uw / hw, uc, hc, uc / hc, um / 1024, hm / 1024 }' | tee -a "$RESULTS"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
# Only now, with every run measured, are the outputs deleted (see measure).
for n in $NS; do rm -rf "$BENCH_DIR/$n/runs"; done
echo >&2
echo "Results appended to $RESULTS; unspun $("$unspun" --version 2>/dev/null || echo '?'); $(hugo version | cut -d' ' -f1-2)" >&2
