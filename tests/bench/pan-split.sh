#!/usr/bin/env bash
# Splits the PAN-13 text-alignment development set into two fixed halves for
# `pan-eval --corpus`: pairs whose suspicious document number is even are the
# tuning half, odd ones the held-out half (never tuned on). Builds symlinked
# corpora (src/, susp/, gold/<kind>/) under $TMPDIR; nothing is copied and
# nothing from the corpus enters the project.
#
#   tests/bench/pan-split.sh [UNPACKED_CORPUS]
#   ../shared/tools/pan-eval --corpus $TMPDIR/pan13-tuning   --bin ... --per-category 100
#   ../shared/tools/pan-eval --corpus $TMPDIR/pan13-heldout  --bin ...
#
# UNPACKED_CORPUS defaults to $TMPDIR/pan13-train (where pan-eval unpacks
# ../shared/datasets/pan13-train.tar.gz on first use).
set -euo pipefail
tmp=${TMPDIR:-/tmp}
if [ -z "${1:-}" ] && [ ! -d "$tmp/pan13-train/gold" ]; then
    # Not unpacked yet: unpack it where pan-eval would.
    archive=$(dirname "$0")/../../../shared/datasets/pan13-train.tar.gz
    tar -xzf "$archive" -C "$tmp"
fi
corpus=$(cd "${1:-$tmp/pan13-train}" && pwd)
for half in tuning heldout; do
    out=$tmp/pan13-$half
    rm -rf "$out"
    mkdir -p "$out"
    ln -s "$corpus/src" "$out/src"
    ln -s "$corpus/susp" "$out/susp"
    for kind in "$corpus"/gold/*/; do
        kind=$(basename "$kind")
        mkdir -p "$out/gold/$kind"
        for f in "$corpus/gold/$kind"/suspicious-document*-source-document*.xml; do
            n=$(basename "$f")
            n=${n#suspicious-document}
            n=$((10#${n%%-*}))
            if { [ "$half" = tuning ] && [ $((n % 2)) -eq 0 ]; } ||
                { [ "$half" = heldout ] && [ $((n % 2)) -eq 1 ]; }; then
                ln -s "$f" "$out/gold/$kind/$(basename "$f")"
            fi
        done
    done
    echo "$out: $(find "$out/gold" -name '*.xml' | wc -l) pairs"
done
