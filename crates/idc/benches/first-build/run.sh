#!/usr/bin/env bash
# Clean debug builds of the same small program on idc (default features, and only the service it
# uses, `huawei-identitycenter`) and on aws-sdk-ssoadmin + aws-config, alternated, RUNS times each (default 3); prints
# each wall time and the medians' ratios.
# Downloads happen first (cargo fetch) and are not timed. Usage: crates/idc/benches/first-build/run.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for app in idc-app aws-app; do
    cp -r "$here/$app" "$work/$app"
done
# The same idc program with only the service it uses (`default-features = false`).
cp -r "$here/idc-app" "$work/idc-huawei-app"
sed -i 's|^name = "idc-app"|name = "idc-huawei-app"|; s|path = "../../.." }|path = "../../..", default-features = false, features = ["huawei-identitycenter", "rustls-ring"] }|' \
    "$work/idc-huawei-app/Cargo.toml"
# The path dependency, absolute from the copy.
idc_dir="$(cd "$here/../.." && pwd)"
sed -i "s|path = \"../../..\"|path = \"$idc_dir\"|" "$work/idc-app/Cargo.toml" "$work/idc-huawei-app/Cargo.toml"
for app in idc-app idc-huawei-app aws-app; do
    (cd "$work/$app" && cargo generate-lockfile -q && cargo fetch -q)
done
declare -A times
for i in $(seq "$runs"); do
    for app in idc-app idc-huawei-app aws-app; do
        (cd "$work/$app" && cargo clean -q)
        start=$(date +%s.%N)
        (cd "$work/$app" && CARGO_TERM_COLOR=never cargo build -q --offline)
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        times[$app]+="$t "
        printf '%s run %d: %.1f s\n' "$app" "$i" "$t"
    done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
idc=$(median "${times[idc-app]}")
huawei=$(median "${times[idc-huawei-app]}")
aws=$(median "${times[aws-app]}")
printf 'median clean debug build (%s, %d cores): aws-sdk-ssoadmin %.1f s; idc %.1f s (%.2fx); idc with only huawei-identitycenter %.1f s (%.2fx)\n' \
    "$(rustc --version)" "$(nproc)" "$aws" "$idc" "$(echo "$idc / $aws" | bc -l)" "$huawei" "$(echo "$huawei / $aws" | bc -l)"
