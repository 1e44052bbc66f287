#!/usr/bin/env bash
# Builds one-pair sites from pathological texts of about 15 MB a side (within
# the 16 MiB limit) and reports, per site, the CPU time and peak memory of
# `unspun build` and the size of the report page and report.json: the
# figures of "Bounded input" in tests/eval/README.md.
#
#   tests/bench/pathological.sh UNSPUN_BINARY [SHAPE...]
#
# Shapes: random (one-word sentences, 5,000 random words), oneword (one word
# repeated), nopunct (random words, no punctuation at all), repeated (one
# news sentence repeated), times50 (a 3,000-sentence article, the copy it
# 50 times), cjk (random Han characters, no spaces). The sites go to
# $TMPDIR/unspun-bounds and are deleted after each build; SIZE=BYTES makes
# smaller sides. Needs awk and GNU time (/usr/bin/time).
set -euo pipefail
bin=$(realpath "$1")
shift
[ $# -gt 0 ] || set -- random oneword nopunct repeated times50 cjk
size=${SIZE:-15000000}
dir=${TMPDIR:-/tmp}/unspun-bounds

# gen SHAPE SEED: one side's text on stdout (awk's generator, fixed seeds).
gen() {
    awk -v shape="$1" -v seed="$2" -v size="$size" '
    function word(   w, n, i) {
        n = 3 + int(rand() * 7); w = ""
        for (i = 0; i < n; i++) w = w substr("abcdefghijklmnopqrstuvwxyz", 1 + int(rand() * 26), 1)
        return w
    }
    BEGIN {
        srand(7)
        for (i = 0; i < 5000; i++) { w = word(); words[i] = toupper(substr(w, 1, 1)) substr(w, 2) }
        n = 0
        if (shape == "times50") {
            art = ""
            for (i = 0; i < 3000; i++)
                art = art sprintf("Sentence %d says that %s met %s in %s on day %d. ", i,
                    words[int(rand() * 5000)], words[int(rand() * 5000)], words[int(rand() * 5000)], i)
            if (seed == 1) { printf "%s", art; exit }
            for (k = 0; k < 50 && n < size; k++) { printf "%s\n\n", art; n += length(art) + 2 }
            exit
        }
        srand(seed)
        while (n < size) {
            if (shape == "random") s = words[int(rand() * 5000)] ". "
            else if (shape == "oneword") s = "Harbour. "
            else if (shape == "nopunct") s = tolower(words[int(rand() * 5000)]) " "
            else if (shape == "repeated") s = "The council approved the new harbour budget on Tuesday. "
            else if (shape == "cjk") {
                # Han characters U+4E00.. as UTF-8 (three bytes each).
                m = 8 + int(rand() * 33); s = ""
                for (i = 0; i < m; i++) {
                    c = 19968 + int(rand() * 3000)
                    s = s sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
                }
                s = s (rand() < 0.5 ? "。" : "，")
            }
            printf "%s", s
            n += (shape == "cjk") ? m * 3 + 3 : length(s)
        }
    }'
}

for shape in "$@"; do
    site=$dir/$shape
    rm -rf "$site" "$site-out"
    mkdir -p "$site/content/sources" "$site/content/rewrites"
    printf 'title = "Bounds"\nbase_url = "https://example.org/"\n' >"$site/site.toml"
    { printf -- '---\ntitle: A\npublisher: P\ndate: 2026-01-01\n---\n'; LC_ALL=C gen "$shape" 1; } \
        >"$site/content/sources/a.md"
    { printf -- '---\ntitle: B\nsite: copies.example\ndate: 2026-01-02\nsource: a\n---\n'
      if [ "$shape" = oneword ] || [ "$shape" = repeated ]; then LC_ALL=C gen "$shape" 1; else LC_ALL=C gen "$shape" 2; fi; } \
        >"$site/content/rewrites/b.md"
    /usr/bin/time -v "$bin" build --root "$site" --output-dir "$site-out" >/dev/null 2>"$site.time"
    field() { grep "$1" "$site.time" | awk '{print $NF}'; }
    cpu=$(awk -v u="$(field 'User time')" -v s="$(field 'System time')" 'BEGIN { print u + s }')
    rss=$(($(field 'Maximum resident') / 1024))
    page=$(stat -c %s "$site-out/reports/b/index.html")
    json=$(stat -c %s "$site-out/reports/b/report.json")
    echo "$shape: exit $(field 'Exit status'), CPU ${cpu} s, wall $(field 'Elapsed'), peak ${rss} MiB, page ${page} B, report.json ${json} B"
    rm -rf "$site" "$site-out" "$site.time"
done
