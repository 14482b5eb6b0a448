#!/usr/bin/env bash
# Runs the stress tests and the tests of the runtime's corners under valgrind memcheck,
# AddressSanitizer (with LeakSanitizer) and ThreadSanitizer, and prints per tool and test
# binary the calls checked and patches installed (what the stress tests print) and the
# reports: any report from patchable is a bug. Too slow for .ci/run; run it by hand after
# changing the runtime (patchable/src), and write the figures in the issue or the PR.
#
# Usage: benches/sanitizers.sh [memcheck] [asan] [tsan]     (default: all three)
#
# Needs valgrind (apt-get install valgrind) for memcheck, and for the sanitizers the
# standard library's sources (rustup component add rust-src): ThreadSanitizer only sees
# the synchronization of code it instrumented, so std is rebuilt with it (-Zbuild-std);
# the sanitizers need nightly flags, taken on the stable toolchain with RUSTC_BOOTSTRAP=1
# here and nowhere in the crate. No suppressions: std is instrumented too. Each tool
# builds in its own target dir under target/sanitizers/.
#
# PATCHABLE_STRESS_ROUNDS sets the rounds per thread of the stress tests (default 4000 in
# global_stress, 10000 in call_graph_stress); this script passes 1000 to memcheck, which
# runs one thread at a time (--fair-sched=yes, so that spinning threads let the others on).
set -euo pipefail
# Backtraces are slow to symbolize under the sanitizers, and trip the tests' watchdogs.
export RUST_BACKTRACE=0
cd "$(dirname "$0")/.."

# The stress tests, and the tests of the runtime's corners: a replacement that unwinds,
# guards dropped inside replacements, deadlocks refused, async layers, thread ends.
TESTS=(global_stress call_graph_stress threads global_scope layers async_fn thread_exit records_and_conditions answers_and_order context_scope)
HOST=x86_64-unknown-linux-gnu
TOOLS=("$@")
[ ${#TOOLS[@]} -gt 0 ] || TOOLS=(memcheck asan tsan)
LOGS=target/sanitizers/logs
mkdir -p "$LOGS"

# Builds the test binaries with `cargo test` and extra arguments; prints "name path" lines.
build() {
    local args=()
    for test in "${TESTS[@]}"; do args+=(--test "$test"); done
    cargo test -p patchable-workspace "${args[@]}" "$@" --no-run --message-format=json \
        | grep -o '"executable":"[^"]*"' | cut -d'"' -f4 \
        | while read -r binary; do echo "$(basename "$binary" | sed 's/-[0-9a-f]*$//') $binary"; done
}

# Prints one line of figures for a run's log: what the stress test printed, the result
# of libtest, and the number of reports counted by the pattern $2.
figures() {
    local log=$1 pattern=$2 reports
    reports=$(grep -cE "$pattern" "$log" || true)
    printf '%s | %s | reports: %s\n' \
        "$(grep -hoE '[0-9]+ calls checked, [0-9]+ patches installed' "$log" | head -n1 || true)" \
        "$(grep -hoE 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | head -n1)" \
        "$reports"
}

status=0
for tool in "${TOOLS[@]}"; do
    case $tool in
    memcheck)
        command -v valgrind >/dev/null || { echo "memcheck needs valgrind" >&2; exit 1; }
        export CARGO_TARGET_DIR=target/sanitizers/memcheck
        binaries=$(build)
        # Leaks that count: memory nothing points to any more. A global patch leaked on
        # purpose by a test (mem::forget) stays reachable from its function's slot.
        run() {
            PATCHABLE_STRESS_ROUNDS=1000 valgrind --fair-sched=yes --error-exitcode=99 --leak-check=full \
                --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
                "$1" --test-threads=1 --nocapture
        }
        pattern='^==[0-9]+== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched|Source and destination|Argument)|are definitely lost|are indirectly lost'
        ;;
    asan)
        export CARGO_TARGET_DIR=target/sanitizers/asan
        binaries=$(RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=address" RUSTDOCFLAGS="-Zsanitizer=address" \
            build -Zbuild-std --target "$HOST")
        run() { ASAN_OPTIONS=detect_leaks=1 "$1" --nocapture; }
        pattern='^==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer)'
        ;;
    tsan)
        export CARGO_TARGET_DIR=target/sanitizers/tsan
        binaries=$(RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=thread" RUSTDOCFLAGS="-Zsanitizer=thread" \
            build -Zbuild-std --target "$HOST")
        run() { TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1" "$1" --nocapture; }
        pattern='^WARNING: ThreadSanitizer'
        ;;
    *)
        echo "unknown tool: $tool (memcheck, asan, tsan)" >&2
        exit 2
        ;;
    esac
    while read -r name binary; do
        log="$LOGS/$tool-$name.log"
        if run "$binary" >"$log" 2>&1; then result=ok; else result="FAILED (exit $?)"; status=1; fi
        echo "$tool $name: $result | $(figures "$log" "$pattern")   log: $log"
    done <<<"$binaries"
done
exit $status
