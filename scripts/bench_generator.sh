#!/usr/bin/env bash
# Speed figures of the generator (issue 3): sigma to 0.1 % for each paper benchmark card, and
# 1e6 unweighted events to .lhe.gz with the peak memory. Usage: scripts/bench_generator.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
cargo build --release --bin mfcgen >/dev/null 2>&1
bin=target/release/mfcgen
echo "cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %14s %10s %8s\n' card sigma_pb rel_err wall_s
for c in cards/scalar_16MeV.toml cards/scalar_126MeV.toml cards/scalar_1000MeV.toml \
         cards/vector_16MeV.toml cards/vector_126MeV.toml cards/vector_1000MeV.toml; do
  start=$(date +%s.%N)
  out=$($bin integrate --card "$c" --precision 1e-3 --json)
  end=$(date +%s.%N)
  python3 - "$c" "$out" "$start" "$end" <<'PY'
import json, sys
c, out, s, e = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"{c.split('/')[-1]:<22} {out['sigma_pb']:14.6e} {out['relative_error']:10.2e} {e-s:8.2f}")
PY
done
tmp=$(mktemp -d)
echo "generating $events events to $tmp/ev.lhe.gz"
/usr/bin/time -f "wall %e s, peak RSS %M kB" $bin generate --events "$events" --output "$tmp/ev.lhe.gz" 2>&1 | tail -12
ls -l "$tmp/ev.lhe.gz"
rm -rf "$tmp"
