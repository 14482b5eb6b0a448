#!/usr/bin/env bash
# Compile time of #[patchable]: generates a crate with 500 trivial free fns (and, with
# METHODS=100, 100 methods) three times over -- plain, with #[patchable] on each, and
# with #[mry::mry] on each -- and times one command over each crate alone, its
# dependencies already built, non-incremental. Prints the median of 3 runs, interleaved
# crate by crate, and the ratio to the plain crate. See README.md.
#
# Usage: benches/compile-time.sh                 (500 fns, `cargo build --tests`)
#        METHODS=100 benches/compile-time.sh     (500 fns + an impl block of 100 methods)
#        BUILD="build" benches/compile-time.sh   (`cargo build`: patching off)
#        BUILD="test --no-run" ENABLE=1 benches/compile-time.sh
#                                                (`cargo test` as the README sets it up:
#                                                 patchable-mock's `enable` from
#                                                 [dev-dependencies])
set -euo pipefail
cd "$(dirname "$0")/.."

FNS=${FNS:-500}
METHODS=${METHODS:-0}
RUNS=${RUNS:-3}
BUILD=${BUILD:-build --tests}
ENABLE=${ENABLE:-0}
ROOT=$PWD
DIR=$ROOT/target/compile-time
mkdir -p "$DIR"

# One crate: $1 names it, $2 is the attribute put on every free fn and on the impl
# block of the methods ("" for none), $3 is the attribute its struct needs for mocked
# methods, $4 is its dependency line.
generate() {
    local name=$1 attr=$2 struct_attr=$3 dependency=$4 i
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
            printf '%s\npub fn f%d(x: u64) -> u64 {\n    x.wrapping_add(%d)\n}\n\n' "$attr" "$i" "$i"
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

# The three crates form a workspace of their own, locked like patchable's, so the
# dependencies are those already downloaded.
cat > "$DIR/Cargo.toml" <<'TOML'
[workspace]
members = ["with-nothing", "with-patchable", "with-mry"]
resolver = "3"
TOML
cp "$ROOT/Cargo.lock" "$DIR/Cargo.lock"
generate with-nothing "" "" ""
patchable_line="patchable-mock = { path = \"$ROOT/patchable\" }"
if ((ENABLE)); then
    patchable_line="$patchable_line
[dev-dependencies]
patchable-mock = { path = \"$ROOT/patchable\", features = [\"enable\"] }"
fi
generate with-patchable "#[patchable::patchable]" "" "$patchable_line"
generate with-mry "#[mry::mry]" "#[mry::mry]" 'mry = "0.16.0"'

export CARGO_INCREMENTAL=0
cd "$DIR"
echo "building dependencies..." >&2
# shellcheck disable=SC2086 # BUILD is words on purpose
cargo $BUILD --offline --quiet --workspace

# Seconds of one `cargo build --tests` of crate $1, rebuilt from its sources alone.
time_build() {
    touch "$1/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    cargo $BUILD --offline --quiet -p "$1"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }

declare -A times
for ((run = 0; run < RUNS; run++)); do
    for crate in with-nothing with-patchable with-mry; do
        times[$crate]+="$(time_build "$crate") "
    done
done
declare -A seconds
for crate in with-nothing with-patchable with-mry; do
    seconds[$crate]=$(tr ' ' '\n' <<<"${times[$crate]}" | grep . | median)
done

echo "| crate: $FNS fns, $METHODS methods | cargo $BUILD (median of $RUNS) | ratio to plain |"
echo "|---|---:|---:|"
for crate in with-nothing with-patchable with-mry; do
    awk -v c="$crate" -v s="${seconds[$crate]}" -v p="${seconds[with-nothing]}" \
        'BEGIN { printf "| %s | %.2f s | %.2f× |\n", c, s, s / p }'
done
