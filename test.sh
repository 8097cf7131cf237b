#!/usr/bin/env bash
# Runs the PacsViewer test suite.
# As root, first installs the Debian packages the tests use (only the missing ones).
# Extra arguments are passed to `dotnet test`, e.g. ./test.sh --filter FullyQualifiedName~Web
set -euo pipefail

cd "$(dirname "$0")"

packages=(
    dcmtk             # reference renderer and DIMSE peers (storescp, dcmqrscp, dcmj2pnm)
    orthanc           # upstream PACS for interop tests
    orthanc-dicomweb  # DICOMweb plugin for Orthanc
    python3-pydicom   # baseline test corpus and reference values
    python3-numpy
    python3-pil       # Pillow: an independent PNG decoder for the encoder tests
    chromium          # browser tests (Playwright drives /usr/bin/chromium)
    libcharls2        # JPEG-LS codec
    libopenjp2-7      # JPEG 2000 codec
    postgresql        # PostgreSQL provider tests
    redis-server      # shared render cache tests
    fonts-dejavu-core # fonts of the report PDF export (PDFsharp has none of its own on Linux)
    poppler-utils     # pdftotext: an independent reader of the report PDFs
)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "test.sh: installing missing packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q "${missing[@]}"
    else
        echo "test.sh: not root, so not installing missing packages: ${missing[*]}" >&2
        echo "test.sh: tests that need them may fail; install with: sudo apt-get install ${missing[*]}" >&2
    fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test PacsViewer.sln "$@" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}

# One plain closing line for CI, summed over the test assemblies' "Passed!/Failed!" summaries.
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if ((status == 0 && passed == 0)); then
    echo "test.sh: no test ran" >&2
    status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
