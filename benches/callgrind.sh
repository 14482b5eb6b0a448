#!/usr/bin/env bash
# Instructions per call of every benchmark case, counted by callgrind, for the release
# profile (opt-level 3; `cargo bench` builds it) and the dev profile (what `cargo test`
# builds). Prints a Markdown table; see README.md.
#
# Each case runs twice, with N1 and N2 iterations, under
# `valgrind --tool=callgrind --toggle-collect=*counted_loop*`: the difference divided by
# N2 - N1 is the cost of one iteration, with one-time costs cancelled. The cost of the
# empty loop (case `loop`) is subtracted from every case, and "over plain" subtracts the
# call of the nearest "plain fn" case above as well.
#
# Usage: benches/callgrind.sh            (from anywhere; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "callgrind.sh needs valgrind (apt-get install valgrind)" >&2; exit 1; }

N1=${N1:-1000}
N2=${N2:-3000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# Builds the harness with a cargo command, prints the path of its executable.
build() {
    cargo "$@" -p patchable-bench --bench callgrind --no-run --quiet --message-format=json \
        | grep -o '"executable":"[^"]*"' | cut -d'"' -f4 | tail -n1
}

# Prints "instructions allocations" of one run: callgrind's total and the harness's count.
run() {
    local binary=$1 case=$2 iterations=$3 file="$OUT/callgrind.out"
    local allocations
    allocations=$(valgrind --tool=callgrind --toggle-collect='*counted_loop*' \
        --callgrind-out-file="$file" "$binary" "$case" "$iterations" 2>/dev/null \
        | sed -n 's/^allocations=//p')
    echo "$(sed -n 's/^summary: //p' "$file") $allocations"
}

# Prints "case<TAB>instructions per call<TAB>allocations per call" for every case.
per_call() {
    local binary=$1
    "$binary" --list | while IFS= read -r case; do
        read -r ir1 alloc1 < <(run "$binary" "$case" "$N1")
        read -r ir2 alloc2 < <(run "$binary" "$case" "$N2")
        awk -v c="$case" -v i1="$ir1" -v i2="$ir2" -v a1="$alloc1" -v a2="$alloc2" \
            -v n="$((N2 - N1))" 'BEGIN { printf "%s\t%.1f\t%.2f\n", c, (i2 - i1) / n, (a2 - a1) / n }'
    done
}

release_binary=$(build bench)
dev_binary=$(build test)
per_call "$release_binary" > "$OUT/release.tsv"
per_call "$dev_binary" > "$OUT/dev.tsv"

# Net of the loop, and over the plain fn's call.
paste "$OUT/release.tsv" "$OUT/dev.tsv" | awk -F'\t' '
    NR == 1 { loop_r = $2; loop_d = $5 }
    NR == 1 {
        print "| case | release: instructions/call | over plain | dev: instructions/call | over plain | allocations/call |"
        print "|---|---:|---:|---:|---:|---:|"
        next
    }
    {
        r = $2 - loop_r; d = $5 - loop_d
        # A "plain fn" case is the yardstick of the cases after it.
        plain = index($1, "plain fn") > 0
        if (plain) { plain_r = r; plain_d = d }
        over_r = plain ? "" : sprintf("%+.0f", r - plain_r)
        over_d = plain ? "" : sprintf("%+.0f", d - plain_d)
        printf "| %s | %.0f | %s | %.0f | %s | %g |\n", $1, r, over_r, d, over_d, $3
    }'
echo
echo "callgrind instruction counts (Ir) per call, net of the benchmark loop ($N2 - $N1 iterations)."
