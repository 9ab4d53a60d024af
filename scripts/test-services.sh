# Sourced by `./dev test` (bash, after the Python, PostgreSQL and npm setup): system packages and
# services the tests need beyond those. Uses ./dev's helpers (log, apt_install).

# The browser tests (tests/e2e, marker `browser`) drive Debian's Chromium through Playwright's
# Python package with executable_path=/usr/bin/chromium (never `playwright install`).
apt_install chromium || log "cannot install chromium (needs root or sudo): the browser tests will fail"
export ZUOYE_CHROMIUM=${ZUOYE_CHROMIUM:-/usr/bin/chromium}

# The OCR tests (tests/ocr) draw printed Chinese questions with a CJK font at test time.
apt_install fonts-wqy-zenhei || log "cannot install fonts-wqy-zenhei (needs root or sudo): the OCR tests will fail"
