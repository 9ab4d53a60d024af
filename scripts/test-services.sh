# Sourced by `./dev test` (bash, after the Python, PostgreSQL and npm setup): system packages and
# services the tests need beyond those. Uses ./dev's helpers (log, apt_install).

# The browser tests (tests/e2e, marker `browser`) drive Debian's Chromium through Playwright's
# Python package with executable_path=/usr/bin/chromium (never `playwright install`).
apt_install chromium || log "cannot install chromium (needs root or sudo): the browser tests will fail"
export ZUOYE_CHROMIUM=${ZUOYE_CHROMIUM:-/usr/bin/chromium}

# The OCR tests (tests/ocr) draw printed Chinese questions with a CJK font at test time.
apt_install fonts-wqy-zenhei || log "cannot install fonts-wqy-zenhei (needs root or sudo): the OCR tests will fail"

# The 错题本's printed practice sheet (tests/e2e/test_mistakes.py): Chromium prints it to PDF;
# poppler's pdftoppm turns its pages into PNGs and pdftotext says what is on each page.
apt_install poppler-utils || log "cannot install poppler-utils (needs root or sudo): the print test will fail"

# Redis for the fleet tests (tests/fleet): each test session starts its own redis-server on a
# free port; ZUOYE_TEST_REDIS_SERVER makes a missing server a failure instead of a skip.
apt_install redis-server || log "cannot install redis-server (needs root or sudo): the fleet tests will fail"
export ZUOYE_TEST_REDIS_SERVER=${ZUOYE_TEST_REDIS_SERVER:-/usr/bin/redis-server}

# nginx for the balancer tests (tests/fleet/test_balancer.py): each run starts its own nginx from
# docs/nginx-zuoye.conf on a free port; ZUOYE_TEST_NGINX makes a missing nginx a failure, not a skip.
apt_install nginx || log "cannot install nginx (needs root or sudo): the balancer tests will fail"
export ZUOYE_TEST_NGINX=${ZUOYE_TEST_NGINX:-/usr/sbin/nginx}
