#!/usr/bin/env bash
# Benchmark: unspun build against Hugo on the same synthetic articles.
#
#   tests/bench/run.sh                 # N = 1000 and 10000
#   NS="1000" RUNS=7 tests/bench/run.sh
#
# For each N it generates a site of N report pairs with the `gensite` example
# (tests/bench/gensite.rs), then builds it with `unspun build` and `hugo`
# (the same 2N articles as plain pages). Each tool first builds its output
# once, unmeasured; every measured run then rebuilds over that output, as a
# user rebuilding a site does (unspun's first build also fills its alignment
# cache, .unspun-cache/ in the generated site, which the rebuilds then use). The runs alternate between the tools, RUNS
# times each, which goes first alternating too.
#
# It prints the table BENCHMARKS.md holds: medians of wall time, CPU time
# (user + sys) and peak resident memory of each tool, the median of the
# unspun/hugo ratios of each alternating pair of runs (the machine's pace
# drifts; a pair shares it), and the output of each: its bytes (file sizes,
# `du -sb --apparent-size`), files and largest file.
#
# Environment:
#   NS          sizes to run (default "1000 10000")
#   RUNS        measured runs per tool for N <= 1000 (default 5)
#   RUNS_BIG    measured runs per tool for N > 1000 (default 3)
#   BENCH_DIR   where sites and outputs go (default /tmp/unspun-bench)
#   TIMEOUT     seconds before one build is given up (default 900)
#   RESULTS     file to append the result table to (default $BENCH_DIR/results.md)
#   KEEP=1      keep the outputs (they are deleted at the end otherwise)
#   NO_BUILD=1  use the binaries already in $BENCH_DIR/bin instead of building
#   NO_CACHE=1  build with --no-cache: every unspun build aligns every report
#   UNSPUN_TIMINGS=1 is passed through: unspun then prints per-stage times.
#
# Needs: cargo, hugo (Debian package `hugo`), GNU time (Debian package `time`).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
NS=${NS:-"1000 10000"}
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

if [ "${NO_BUILD:-0}" != 1 ]; then
    echo "== building unspun (release)" >&2
    (cd "$repo" && cargo build --release --locked --quiet --bin unspun --example gensite)
    # Copies, so that rebuilding while the benchmark runs changes nothing.
    mkdir -p "$BENCH_DIR/bin"
    cp "$CARGO_TARGET_DIR/release/unspun" "$CARGO_TARGET_DIR/release/examples/gensite" "$BENCH_DIR/bin/"
fi
unspun=$BENCH_DIR/bin/unspun
gensite=$BENCH_DIR/bin/gensite

# median of the numbers on stdin
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# build TOOL N LOG: one build of site N into the tool's output directory
# (over what is there), appending "wall cpu rss_kb" to LOG.
build() {
    local tool=$1 n=$2 log=$3 site=$BENCH_DIR/$n out=$BENCH_DIR/$n/out-$1 t
    t=$(mktemp)
    case $tool in
    unspun)
        cmd=("$unspun" build --root "$site/unspun" --output-dir "$out")
        [ "${NO_CACHE:-0}" = 1 ] && cmd+=(--no-cache)
        ;;
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

# bytes, files and largest file (bytes and path) of an output directory
output_size() {
    local dir=$1
    printf '%s %s ' "$(du -sb --apparent-size "$dir" | cut -f1)" "$(find "$dir" -type f | wc -l)"
    find "$dir" -type f -printf '%s %P\n' | sort -n | tail -1
}

{
    echo
    echo "### $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "$("$unspun" --version 2>/dev/null || echo 'unspun ?'), $(hugo version | cut -d' ' -f1-2). Each measured run rebuilds over the tool's previous output; ratios are medians of the ratios of alternating pairs of runs."
    echo
    echo "| N reports | Hugo pages | runs | unspun wall s | hugo wall s | wall ratio | unspun CPU s | hugo CPU s | CPU ratio | unspun peak RSS MiB | hugo peak RSS MiB | unspun output MB | hugo output MB | bytes ratio | unspun files | largest unspun file |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
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
    rm -rf "$site/out-unspun" "$site/out-hugo"
    echo "== N=$n: a first build of each, then $runs rebuilds each, alternating" >&2
    build unspun "$n" /dev/null
    build hugo "$n" /dev/null
    for i in $(seq 1 "$runs"); do
        if [ $((i % 2)) -eq 1 ]; then order="unspun hugo"; else order="hugo unspun"; fi
        for tool in $order; do
            build "$tool" "$n" "$site/$tool.log"
            echo "   run $i $tool: $(tail -1 "$site/$tool.log")" >&2
        done
    done
    col() { cut -d' ' -f"$2" "$site/$1.log" | median; }
    # the median of the ratios of each pair of runs, column $1
    pair_ratio() { paste -d' ' "$site/unspun.log" "$site/hugo.log" | awk -v c="$1" '{print $c / $(c + 3)}' | median; }
    read -r ub uf ul up < <(output_size "$site/out-unspun")
    read -r hb _ _ _ < <(output_size "$site/out-hugo")
    pages=$(find "$site/hugo/content" -name '*.md' | wc -l)
    awk -v n="$n" -v p="$pages" -v r="$runs" \
        -v uw="$(col unspun 1)" -v hw="$(col hugo 1)" -v wr="$(pair_ratio 1)" \
        -v uc="$(col unspun 2)" -v hc="$(col hugo 2)" -v cr="$(pair_ratio 2)" \
        -v um="$(col unspun 3)" -v hm="$(col hugo 3)" \
        -v ub="$ub" -v hb="$hb" -v uf="$uf" -v ul="$ul" -v up="$up" 'BEGIN {
        printf "| %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.1f | %.1f | %.2f | %d | %.1f MB (`%s`) |\n",
            n, p, r, uw, hw, wr, uc, hc, cr, um / 1024, hm / 1024, ub / 1e6, hb / 1e6, ub / hb, uf, ul / 1e6, up }' | tee -a "$RESULTS"
    # What unspun's bytes are, by kind of file.
    (cd "$site/out-unspun" && find . -type f -printf '%s %p\n' | awk '{
        p = $2; sub(/^\.\//, "", p)
        if (p ~ /^reports\/[^\/]+\/index\.html$/) k = "report pages"
        else if (p ~ /^reports\/.*\.json$/) k = "report.json"
        else if (p ~ /^reports\/.*annotations/) k = "report annotations"
        else if (p ~ /^embed\//) k = "embed pages"
        else if (p ~ /^search\//) k = "search index"
        else if (p ~ /^(page\/|index\.html)/) k = "index pages"
        else if (p ~ /^sources\//) k = "source pages"
        else if (p ~ /^sites\//) k = "publisher pages"
        else k = "other (" p ")"
        if (k ~ /^other/) { o += $1 } else { b[k] += $1; c[k] += 1 }
    } END {
        for (k in b) printf "  %-20s %6d files %9.1f MB\n", k, c[k], b[k] / 1e6
        printf "  %-20s %16s %9.1f MB\n", "other files", "", o / 1e6
    }' | sort) >&2
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
if [ "${KEEP:-0}" != 1 ]; then
    for n in $NS; do rm -rf "$BENCH_DIR/$n/out-unspun" "$BENCH_DIR/$n/out-hugo"; done
fi
echo "Results appended to $RESULTS" >&2
