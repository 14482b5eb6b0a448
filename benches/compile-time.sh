#!/usr/bin/env bash
# Compile time of #[patchable]: generates a crate with 500 trivial free fns (and, with
# METHODS=100, 100 methods) four times over -- plain, with #[patchable] on each (once
# with the plain dependency line alone, once with the README's set-up: `enable` from
# [dev-dependencies]), and with #[mry::mry] on each -- and times one command over each
# crate alone, its dependencies already built. The crates are built in turn, round
# after round (A B A B ...), and each ratio to the plain crate is taken within a round,
# then the median over the rounds is printed: this machine's speed swings from minute
# to minute, a round's crates see the same swing. See README.md ("Compile time").
#
# Rows (ROWS="off tests readme incremental real" by default):
#   off          `cargo build`: patching off, the production build
#   tests        `cargo build --tests`, the plain dependency line alone
#   readme       `cargo test --no-run` with the README's [dev-dependencies] line
#   incremental  the same, incremental, after an edit of one fn's body
#   real         `cargo test --no-run` of a real crate (REAL_CRATE, semver@1.0.23 by
#                default) as published and with every item marked by the annotator of
#                ../shared/realcrates (REALCRATES_DIR), with the README's set-up; no mry
#
# Usage: benches/compile-time.sh                     (every row, 5 rounds)
#        ROWS=readme RUNS=9 benches/compile-time.sh  (one row, 9 rounds)
#        METHODS=100 benches/compile-time.sh         (500 fns + an impl block of 100 methods)
#        INSTRUCTIONS=1 FNS=50 benches/compile-time.sh
#                  (rustc's instructions for each crate, counted by callgrind, instead of
#                   seconds: a figure that does not swing; slow, so fewer fns; rows
#                   `off`, `tests`, `readme`; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."

FNS=${FNS:-500}
METHODS=${METHODS:-0}
RUNS=${RUNS:-5}
ROWS=${ROWS:-off tests readme incremental real}
REAL_CRATE=${REAL_CRATE:-semver@1.0.23}
REALCRATES_DIR=${REALCRATES_DIR:-$PWD/../shared/realcrates}
INSTRUCTIONS=${INSTRUCTIONS:-0}
ROOT=$PWD
DIR=$ROOT/target/compile-time
CRATES=(with-nothing with-patchable with-patchable-readme with-mry)
# The crates a row builds: the plain one, patchable's as the row sets it up, mry's.
crates_of() {
    case $1 in
        off | tests) echo "with-nothing with-patchable with-mry" ;;
        real) echo "real-plain real-marked" ;;
        *) echo "with-nothing with-patchable-readme with-mry" ;;
    esac
}
mkdir -p "$DIR"

# One crate: $1 names it, $2 is the attribute put on every free fn and on the impl
# block of the methods ("" for none), $3 is the attribute its struct needs for mocked
# methods, $4 is its dependency lines.
generate() {
    local name=$1 attr=$2 struct_attr=$3 dependency=$4 i body
    mkdir -p "$DIR/$name/src"
    cat > "$DIR/$name/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
$dependency
TOML
    {
        echo "//! $FNS free fns and $METHODS methods, each marked: $attr"
        for ((i = 0; i < FNS; i++)); do
            # f2's body is what the incremental row edits.
            body="x.wrapping_add($i)"
            ((i == 2)) && body="x.wrapping_add(2 + 0)"
            printf '%s\npub fn f%d(x: u64) -> u64 {\n    %s\n}\n\n' "$attr" "$i" "$body"
        done
        if ((METHODS > 0)); then
            printf '%s\n#[derive(Default)]\npub struct Counter {\n    pub base: u64,\n}\n\n' "$struct_attr"
            printf '%s\nimpl Counter {\n' "$attr"
            for ((i = 0; i < METHODS; i++)); do
                printf '    pub fn m%d(&self, x: u64) -> u64 {\n        self.base.wrapping_add(x).wrapping_add(%d)\n    }\n\n' \
                    "$i" "$i"
            done
            echo "}"
        fi
        printf '#[cfg(test)]\nmod tests {\n    #[test]\n    fn calls() {\n        assert_eq!(super::f1(1), 2);\n    }\n}\n'
    } > "$DIR/$name/src/lib.rs"
}

# The crates form a workspace of their own, locked like patchable's, so the
# dependencies are those already downloaded.
{
    echo '[workspace]'
    printf 'members = [%s]\n' "$(printf '"%s", ' "${CRATES[@]}" | sed 's/, $//')"
    echo 'resolver = "3"'
} > "$DIR/Cargo.toml"
cp "$ROOT/Cargo.lock" "$DIR/Cargo.lock"
patchable_line="patchable-mock = { path = \"$ROOT/patchable\" }"
generate with-nothing "" "" ""
generate with-patchable "#[patchable::patchable]" "" "$patchable_line"
generate with-patchable-readme "#[patchable::patchable]" "" "$patchable_line
[dev-dependencies]
patchable-mock = { path = \"$ROOT/patchable\", features = [\"enable\"] }"
generate with-mry "#[mry::mry]" "#[mry::mry]" 'mry = "0.16.0"'

# The real crate twice, outside the workspace (each copy a workspace of its own, one
# target dir for both): as published, and marked, with the README's dependency lines.
prepare_real() {
    local name=${REAL_CRATE%@*} version=${REAL_CRATE#*@} fetch=$DIR/real-fetch src annotate
    [[ -f $REALCRATES_DIR/annotate/Cargo.toml ]] || {
        echo "the real row needs the annotator of ../shared/realcrates (REALCRATES_DIR)" >&2
        exit 1
    }
    mkdir -p "$fetch/src"
    : > "$fetch/src/lib.rs"
    printf '[package]\nname = "real-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[workspace]\n\n[dependencies]\n%s = "=%s"\n' \
        "$name" "$version" > "$fetch/Cargo.toml"
    (cd "$fetch" && cargo fetch -q)
    src=$(cd "$fetch" && cargo metadata -q --format-version 1 | python3 -c '
import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == sys.argv[1]:
        print(os.path.dirname(p["manifest_path"]))' "$name")
    for copy in real-plain real-marked; do
        rm -rf "${DIR:?}/$copy"
        cp -r "$src" "$DIR/$copy"
        chmod -R u+w "$DIR/$copy"
        printf '\n[workspace]\n' >> "$DIR/$copy/Cargo.toml"
    done
    cat >> "$DIR/real-marked/Cargo.toml" <<TOML

[dependencies.patchable]
package = "patchable-mock"
path = "$ROOT/patchable"

[dev-dependencies.patchable]
package = "patchable-mock"
path = "$ROOT/patchable"
features = ["enable"]
TOML
    CARGO_TARGET_DIR=$DIR/target-annotate cargo build -q --release \
        --manifest-path "$REALCRATES_DIR/annotate/Cargo.toml"
    annotate=$DIR/target-annotate/release/realcrates-annotate
    "$annotate" "$DIR/real-marked" | grep '^COUNTS' | sed "s/^/$REAL_CRATE marked: /" >&2
}
[[ " $ROWS " == *" real "* ]] && prepare_real
cd "$DIR"

# The command of a row, and whether it builds incrementally.
command_of() {
    case $1 in
        off) echo "build" ;;
        tests) echo "build --tests" ;;
        readme | incremental | real) echo "test --no-run" ;;
        *) echo "unknown row $1 (off, tests, readme, incremental, real)" >&2; exit 1 ;;
    esac
}

# Builds crate $2 for row $1: a member of the workspace, or a copy of the real crate,
# a workspace of its own (whose target dir is the workspace's, `-real`).
build() {
    local row=$1 crate=$2
    # shellcheck disable=SC2046 # the command is words on purpose
    case $crate in
        real-*) CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$DIR/target}-real \
            cargo $(command_of "$row") --offline --quiet --manifest-path "$crate/Cargo.toml" ;;
        *) cargo $(command_of "$row") --offline --quiet -p "$crate" ;;
    esac
}

# Seconds of one build of crate $2 for row $1, rebuilt from its sources alone: touched,
# or, for `incremental`, with one fn's body edited (round $3 writes its own constant).
time_build() {
    local row=$1 crate=$2 round=$3 start end
    if [[ $row == incremental ]]; then
        sed -i "s/wrapping_add(2 + [0-9]*)/wrapping_add(2 + $round)/" "$crate/src/lib.rs"
    else
        touch "$crate/src/lib.rs"
    fi
    start=$(date +%s.%N)
    build "$row" "$crate"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if ((INSTRUCTIONS)); then
    command -v valgrind >/dev/null || { echo "INSTRUCTIONS=1 needs valgrind" >&2; exit 1; }
    # rustc of the measured crate under callgrind; every rustc of it (the library, its
    # unit-test harness, its integration tests: the compilations whose source path is
    # relative, as cargo passes a local package's; dependencies get absolute paths) adds
    # its total to $COUNT_FILE. A target dir of its own: a wrapper would rebuild the
    # timed runs' dependencies.
    cat > "$DIR/count-rustc.sh" <<'WRAPPER'
#!/usr/bin/env bash
rustc=$1; shift
local_source=0
for arg in "$@"; do
    [[ $arg == *.rs && $arg != /* ]] && local_source=1
done
case $local_source in
    1)
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$rustc" "$@" 2> >(
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p' >> "${COUNT_FILE:-/dev/null}")
        status=$?
        wait
        exit $status ;;
esac
exec "$rustc" "$@"
WRAPPER
    chmod +x "$DIR/count-rustc.sh"
    export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$DIR/target-count RUSTC_WRAPPER=$DIR/count-rustc.sh
    echo "| $FNS fns, $METHODS methods: rustc instructions | plain | patchable | mry |"
    echo "|---|---:|---:|---:|"
    for row in $ROWS; do
        [[ $row == incremental ]] && continue
        echo "building dependencies for '$row'..." >&2
        for crate in $(crates_of "$row"); do COUNT_FILE=/dev/null build "$row" "$crate"; done
        line="| \`cargo $(command_of "$row")\` |"
        [[ $row == real ]] && line="| $REAL_CRATE, \`cargo $(command_of "$row")\` |"
        plain=0
        for crate in $(crates_of "$row"); do
            export COUNT_FILE=$DIR/count-$crate
            : > "$COUNT_FILE"
            touch "$crate/src/lib.rs"
            build "$row" "$crate"
            total=$(awk '{ s += $1 } END { print s }' "$COUNT_FILE")
            ((plain == 0)) && plain=$total
            line+=" $(awk -v t="$total" -v p="$plain" 'BEGIN { printf "%.0f M, **%.2f×**", t / 1e6, t / p }') |"
        done
        echo "$line"
    done
    exit 0
fi

echo "| $FNS fns, $METHODS methods | plain | patchable | mry |"
echo "|---|---:|---:|---:|"
for row in $ROWS; do
    if [[ $row == incremental ]]; then export CARGO_INCREMENTAL=1; else export CARGO_INCREMENTAL=0; fi
    echo "building dependencies for '$row'..." >&2
    for crate in $(crates_of "$row"); do build "$row" "$crate"; done
    read -ra crates <<<"$(crates_of "$row")"
    # A warm-up round, not counted: the incremental caches fill here.
    for crate in "${crates[@]}"; do time_build "$row" "$crate" 0 >/dev/null; done
    declare -A seconds=() ratios=()
    for ((round = 1; round <= RUNS; round++)); do
        declare -A this=()
        for crate in "${crates[@]}"; do
            this[$crate]=$(time_build "$row" "$crate" "$round")
            seconds[$crate]+="${this[$crate]} "
        done
        for crate in "${crates[@]}"; do
            ratios[$crate]+="$(awk -v a="${this[$crate]}" -v b="${this[${crates[0]}]}" 'BEGIN { printf "%.3f", a / b }') "
        done
    done
    case $row in
        off) line="| \`cargo build\`: patching off |" ;;
        tests) line="| \`cargo build --tests\`, the plain dependency line alone |" ;;
        readme) line="| \`cargo test --no-run\`, the README's set-up |" ;;
        incremental) line="| the same, incremental, one fn's body edited |" ;;
        real) line="| $REAL_CRATE, every item marked, \`cargo test --no-run\`, the README's set-up |" ;;
    esac
    for crate in "${crates[@]}"; do
        s=$(tr ' ' '\n' <<<"${seconds[$crate]}" | grep . | median)
        r=$(tr ' ' '\n' <<<"${ratios[$crate]}" | grep . | median)
        case $crate in
            with-nothing | real-plain) line+=" $(printf '%.2f s' "$s") |" ;;
            *) line+=" $(printf '%.2f s, **%.2f×**' "$s" "$r") |" ;;
        esac
    done
    echo "$line"
    unset seconds ratios
done
echo
echo "Median over $RUNS rounds of each build's seconds and of its ratio to the plain crate in the same round."
