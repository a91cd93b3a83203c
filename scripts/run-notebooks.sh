#!/usr/bin/env bash
# Execute every notebook in notebooks/ headless on the tslab (TypeScript)
# kernel, with small sample sizes, and fail if any cell fails (a runtime
# error or a TypeScript error: tslab type-checks each cell). The executed
# copies, with their outputs, go to test-artifacts/notebooks/ (or
# $NOTEBOOK_OUT); the notebooks in notebooks/ are not touched.
#
# Then, when headless Chromium and playwright-core are available, each
# executed notebook is exported to HTML and opened offline to check that
# every chart was drawn by the inlined plotly.js.
#
#   bash scripts/run-notebooks.sh                      # all notebooks
#   bash scripts/run-notebooks.sh notebooks/02-*.ipynb # some
#
# Needs: jupyter nbconvert (Debian: jupyter-nbconvert python3-ipykernel) and
# the tslab kernel (npx tslab install --python=python3). See docs/notebooks.md.
#
# Environment (defaults here are small, for CI; users' defaults are in the notebooks):
#   RSI_SAMPLES=200 RSI_POINTS=5 RSI_SOBOL_N=32 RSI_TRAJECTORIES=6 RSI_TOP=4 RSI_WORKERS=2 RSI_SEED=1
#   NOTEBOOK_OUT       where executed notebooks go (default test-artifacts/notebooks)
#   NOTEBOOK_TIMEOUT   seconds per cell (default 600)
#   RSI_NOTEBOOK_BROWSER=0 skip the chart check, =1 fail if it cannot run (default: run it if possible)
#   RSI_SIM_CHROMIUM   Chromium for the chart check (default /usr/bin/chromium)
set -uo pipefail

# notebooks given as arguments, as absolute paths (before changing directory)
args=()
for a in "$@"; do args+=("$(realpath -m -- "$a")"); done
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${NOTEBOOK_OUT:-$ROOT/test-artifacts/notebooks}
TIMEOUT=${NOTEBOOK_TIMEOUT:-600}

export RSI_SAMPLES=${RSI_SAMPLES:-200}
export RSI_POINTS=${RSI_POINTS:-5}
export RSI_SOBOL_N=${RSI_SOBOL_N:-32}
export RSI_TRAJECTORIES=${RSI_TRAJECTORIES:-6}
export RSI_TOP=${RSI_TOP:-4}
export RSI_WORKERS=${RSI_WORKERS:-2}
export RSI_SEED=${RSI_SEED:-1}
# The tslab kernel spec starts `tslab` from PATH: use the project's copy.
export PATH="$ROOT/node_modules/.bin:$PATH"

die() { echo "run-notebooks: $*" >&2; exit 2; }

command -v jupyter >/dev/null || die "jupyter not found; install it (Debian/Ubuntu: apt-get install jupyter-nbconvert python3-ipykernel)"
jupyter nbconvert --version >/dev/null 2>&1 || die "jupyter nbconvert not found (Debian/Ubuntu: apt-get install jupyter-nbconvert)"
[ -x "$ROOT/node_modules/.bin/tslab" ] || die "tslab not found in node_modules; run npm install"

# Is the tslab kernel registered in one of Jupyter's data directories?
found=""
while IFS= read -r dir; do
  [ -f "$dir/kernels/tslab/kernel.json" ] && found="$dir/kernels/tslab" && break
done < <(jupyter --paths 2>/dev/null | awk '/^data:/{d=1;next} /^[a-z]+:/{d=0} d{gsub(/^ +/,"");print}')
[ -n "$found" ] || die "the tslab kernel is not registered; run: npx tslab install --python=python3 (the Python that runs Jupyter)"

# Build dist/ if it is missing or older than the sources.
if [ ! -f dist/index.js ] || [ -n "$(find src -newer dist/index.js -name '*.ts' -print -quit)" ]; then
  echo "run-notebooks: building dist/ (npx tsc -p tsconfig.build.json)"
  npx --no-install tsc -p tsconfig.build.json || die "the build failed"
fi

if [ ${#args[@]} -gt 0 ]; then notebooks=("${args[@]}"); else notebooks=(notebooks/*.ipynb); fi
[ -e "${notebooks[0]}" ] || die "no notebooks found"
mkdir -p "$OUT"

echo "run-notebooks: ${#notebooks[@]} notebooks, RSI_SAMPLES=$RSI_SAMPLES RSI_POINTS=$RSI_POINTS RSI_SOBOL_N=$RSI_SOBOL_N RSI_TRAJECTORIES=$RSI_TRAJECTORIES RSI_TOP=$RSI_TOP RSI_WORKERS=$RSI_WORKERS, output in $OUT"
failed=()
start_all=$SECONDS
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  log="$OUT/$name.log"
  start=$SECONDS
  if jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=tslab \
      --ExecutePreprocessor.timeout="$TIMEOUT" \
      --output-dir "$OUT" "$nb" >"$log" 2>&1; then
    echo "  ok      $nb ($((SECONDS - start)) s)"
  else
    echo "  FAILED  $nb ($((SECONDS - start)) s) (log: $log)"
    failed+=("$nb")
    if grep -q CellExecutionError "$log"; then
      # the cell nbconvert stopped at
      awk '/CellExecutionError: An error/{p=1} p{print; if ($0 ~ /^-+$/) n++; if (n == 2) exit}' "$log" | head -30 | sed 's/^/          /'
      # tslab reports a cell's error (a TypeScript error or an exception) on the cell's stderr, which
      # nbconvert does not print: run again keeping errors, and show the stderr of each cell.
      errnb="$OUT/$name.errors.ipynb"
      jupyter nbconvert --to notebook --execute --allow-errors \
        --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout="$TIMEOUT" \
        --output "$(basename "$errnb")" --output-dir "$OUT" "$nb" >>"$log" 2>&1
      [ -f "$errnb" ] && node - "$errnb" <<'EOF' | sed 's/^/          /'
const nb = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const text = (t) => (Array.isArray(t) ? t.join("") : String(t ?? ""));
let shown = 0;
nb.cells.forEach((c, i) => {
  const errs = (c.outputs ?? []).filter((o) => (o.output_type === "stream" && o.name === "stderr") || o.output_type === "error");
  if (c.cell_type !== "code" || errs.length === 0 || shown >= 3) return;
  shown++;
  console.log(`cell ${i + 1} (${text(c.source).split("\n")[0].slice(0, 80)} …):`);
  for (const o of errs) {
    const t = o.output_type === "error" ? `${o.ename}: ${o.evalue}` : text(o.text);
    console.log(t.split("\n").slice(0, 25).map((l) => "  " + l).join("\n"));
  }
});
if (shown === 0) console.log("(no cell wrote to stderr; the failing cell, from the log:)");
EOF
    else
      tail -20 "$log" | sed 's/^/          /'
    fi
  fi
done
echo "run-notebooks: executed in $((SECONDS - start_all)) s"

# Chart check: export to HTML, open offline in headless Chromium, and count drawn charts.
browser=${RSI_NOTEBOOK_BROWSER:-auto}
chromium=${RSI_SIM_CHROMIUM:-/usr/bin/chromium}
executed=()
for nb in "${notebooks[@]}"; do
  f="$OUT/$(basename "$nb")"
  [ -f "$f" ] && executed+=("$f")
done
if [ "$browser" != 0 ] && [ ${#executed[@]} -gt 0 ]; then
  if [ -x "$chromium" ] && node -e 'require.resolve("playwright-core")' 2>/dev/null; then
    start=$SECONDS
    if jupyter nbconvert --to html --output-dir "$OUT" "${executed[@]}" >"$OUT/html.log" 2>&1; then
      htmls=()
      for f in "${executed[@]}"; do htmls+=("${f%.ipynb}.html"); done
      if ! CHROMIUM="$chromium" node - "${htmls[@]}" <<'EOF'
// Open each exported notebook offline; every .rsi-chart must contain a drawn plot.
const { chromium } = require("playwright-core");
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  let bad = 0;
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.route("**/*", (r) => (/^(file|data|blob):/.test(r.request().url()) ? r.continue() : r.abort()));
    await page.goto("file://" + file);
    let state = { charts: 0, drawn: 0, status: "" };
    for (let i = 0; i < 60; i++) {
      state = await page.evaluate(() => {
        const charts = Array.from(document.querySelectorAll(".rsi-chart"));
        return {
          charts: charts.length,
          drawn: charts.filter((d) => d.querySelector(".main-svg")).length,
          status: (document.getElementById("rsi-plotly-status") || {}).textContent || "",
        };
      });
      if (state.charts > 0 && state.drawn === state.charts) break;
      await page.waitForTimeout(250);
    }
    const ok = state.charts > 0 && state.drawn === state.charts && errors.length === 0;
    if (!ok) bad++;
    const name = file.split("/").pop();
    console.log(`  ${ok ? "ok    " : "FAILED"}  ${name}: ${state.drawn} of ${state.charts} charts drawn${errors.length ? "; page errors: " + errors.slice(0, 3).join(" | ") : ""}${ok ? "" : " (" + state.status + ")"}`);
    await page.close();
  }
  await browser.close();
  process.exit(bad ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
EOF
      then
        failed+=("charts (see above)")
      fi
      echo "run-notebooks: charts checked in $((SECONDS - start)) s"
    else
      echo "  FAILED  HTML export (log: $OUT/html.log)"
      failed+=("HTML export")
    fi
  elif [ "$browser" = 1 ]; then
    echo "  FAILED  chart check: needs Chromium at $chromium (RSI_SIM_CHROMIUM) and playwright-core"
    failed+=("chart check")
  else
    echo "run-notebooks: chart check skipped (no Chromium at $chromium or no playwright-core)"
  fi
fi

echo "run-notebooks: total $((SECONDS - start_all)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-notebooks: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "run-notebooks: all notebooks ran"
