// The HTML report in a real browser: Debian's headless Chromium, driven by
// playwright-core, opens each report from file:// and the test reads the
// page as a user sees it: no console errors, no network request, the
// verdict visible, one table row per goroutine group, suspect and type (as
// the JSON report of the same core lists them; one flame graph box per
// retained-heap box and one row per retainer path; with a baseline, one
// row per change), the stack filter working, and a hostile file name
// staying text. Screenshots are kept as artefacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const exe = env('GOFORENSICS_EXE');
const captures = env('GOFORENSICS_CAPTURES');
const traces = env('GOFORENSICS_TRACE_CAPTURES');
const artefacts = env('GOFORENSICS_BROWSER_ARTEFACTS');
const snapshots = process.env.GOFORENSICS_SNAPSHOTS;
const { chromium } = createRequire(path.join(env('GOFORENSICS_NODE_MODULES'), 'x'))('playwright-core');

const cases = [
  { name: 'go1.26.8-leakzoo-trace', core: 'go1.26.8/leakzoo', trace: 'go1.26.8/tracer-leak/trace.out' },
  { name: 'go1.26.8-chanblock', core: 'go1.26.8/chanblock' },
  { name: 'go1.26.8-heapgrow', core: 'go1.26.8/heapgrow' },
  { name: 'go1.26.8-retainzoo', core: 'go1.26.8/retainzoo' },
  { name: 'go1.19.8-leakzoo-trace', core: 'go1.19.8/leakzoo', trace: 'go1.19.8/tracer-leak/trace.out' },
  { name: 'go1.26.8-manyg', core: 'go1.26.8/manyg' },
];

let browser;
before(async () => {
  fs.rmSync(artefacts, { recursive: true, force: true });
  fs.mkdirSync(artefacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
after(async () => { await browser?.close(); });

// Writes the HTML and JSON reports of one core (and trace, and other
// inputs) into artefacts.
function render(name, core, trace, more = []) {
  const html = path.join(artefacts, `${name}.html`), json = path.join(artefacts, `${name}.json`);
  const inputs = [core, ...(trace ? [trace] : []), ...more];
  const start = process.hrtime.bigint();
  execFileSync(exe, ['report', ...inputs, '-o', html]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  execFileSync(exe, ['report', ...inputs, '--format', 'json', '-o', json]);
  return { html, data: JSON.parse(fs.readFileSync(json, 'utf8')), ms };
}

// Opens a report, recording every request but the page itself and every
// console error or uncaught exception.
async function open(file) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1600 } });
  const problems = [];
  const url = pathToFileURL(file).href;
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog ${d.message()}`); d.dismiss(); });
  const start = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = Date.now() - start;
  return { page, problems, loadMs };
}

for (const c of cases) {
  test(`report ${c.name}`, async (t) => {
    const core = path.join(captures, c.core, 'core');
    if (!fs.existsSync(core)) return t.skip(`no capture ${c.core}`);
    const { html, data, ms } = render(c.name, core, c.trace && path.join(traces, c.trace));
    const { page, problems, loadMs } = await open(html);
    try {
      // The verdict is on screen and says what the JSON says.
      assert.ok(await page.locator('#verdict-box').isVisible());
      assert.equal(await page.locator('#verdict-leaks').innerText(), data.verdict.leaks);
      assert.equal(await page.locator('#verdict-suspects').innerText(), data.verdict.suspects);
      assert.equal(await page.locator('#verdict-heap').innerText(), data.verdict.heap);
      // One row per group, suspect and type; one bar per state.
      const groups = page.locator('#groups tbody tr.group');
      assert.equal(await groups.count(), data.goroutines.groups.length);
      assert.equal(await page.locator('article.suspect').count(), data.suspects.length);
      assert.equal(await page.locator('#heap-types tbody tr').count(), data.heap ? data.heap.types.length : 0);
      assert.equal(await page.locator('#goroutines svg.bars rect').count(), data.goroutines.by_state.length);
      assert.equal(await page.locator('#timeline').count(), data.trace ? 1 : 0);
      // The retained heap: one box per flame box, one row per path.
      assert.equal(await page.locator('section#retained').count(), data.retained ? 1 : 0);
      if (data.retained) {
        assert.equal(await page.locator('#retained-flame rect.flame').count(), data.retained.flame.length);
        assert.equal(await page.locator('#retained-paths tbody tr').count(), data.retained.paths.length);
        assert.ok(await page.locator('#retained-flame').isVisible());
        await page.locator('section#retained').screenshot({ path: path.join(artefacts, `${c.name}-retained.png`) });
      }
      const counts = await groups.locator('td:first-child').allInnerTexts();
      assert.equal(counts.reduce((a, b) => a + Number(b), 0), data.goroutines.count);

      // A row opens to its stack.
      const first = groups.first();
      await first.locator('summary').click();
      assert.ok(await first.locator('pre').isVisible());
      const firstFrame = data.goroutines.groups[0].frames[0];
      if (firstFrame) assert.ok((await first.locator('pre').innerText()).includes(firstFrame.printed_as));

      // The filter keeps the rows whose stacks match, and only those.
      const wanted = data.goroutines.groups.at(-1).blocking_site?.function;
      if (wanted) {
        const expected = data.goroutines.groups.filter((g) =>
          JSON.stringify(g).toLowerCase().includes(wanted.toLowerCase())).length;
        await page.fill('#stack-filter', wanted);
        await page.waitForFunction(() => document.getElementById('filter-status').textContent !== '');
        const visible = await page.locator('#groups tbody tr.group:visible').count();
        assert.ok(visible >= 1 && visible <= data.goroutines.groups.length, `${visible} rows for ${wanted}`);
        assert.ok(visible >= Math.min(expected, 1));
        await page.fill('#stack-filter', 'no-such-function-anywhere');
        await page.waitForFunction(() => document.getElementById('filter-status').textContent.startsWith('0 '));
        assert.equal(await page.locator('#groups tbody tr.group:visible').count(), 0);
        await page.fill('#stack-filter', '');
      }
      await page.screenshot({ path: path.join(artefacts, `${c.name}.png`) });
      assert.deepEqual(problems, []);
      const size = fs.statSync(html).size;
      console.log(`${c.name}: ${data.goroutines.count} goroutines, ${data.goroutines.groups.length} groups, ` +
                  `report ${size} bytes written in ${ms.toFixed(0)} ms, loaded in ${loadMs} ms`);
    } finally {
      await page.close();
    }
  });
}

// leakgrow's second core with its first goroutine profile as the baseline:
// the growth section lists every change the JSON lists.
test('growth since a baseline profile', async (t) => {
  const dir = snapshots && fs.existsSync(snapshots) &&
    fs.readdirSync(snapshots).map((v) => path.join(snapshots, v, 'leakgrow-snapshots'))
      .find((d) => fs.existsSync(path.join(d, 'done.txt')));
  if (!dir) return t.skip('no leakgrow snapshots under $GOFORENSICS_SNAPSHOTS');
  const { html, data, ms } = render('leakgrow-growth', path.join(dir, '2/core'), null,
    [path.join(dir, '1/goroutines-debug2.txt'), '--exe', path.join(dir, 'bin')]);
  const { page, problems, loadMs } = await open(html);
  try {
    assert.ok(data.growth.changes.length > 0);
    assert.ok(await page.locator('#growth-summary').isVisible());
    assert.equal(await page.locator('#growth-changes tbody tr.change').count(), data.growth.changes.length);
    assert.equal(await page.locator('section#growth svg.bars rect').count(), Math.min(15, data.growth.changes.length));
    const cells = await page.locator('#growth-changes tbody tr.change td:first-child').allInnerTexts();
    assert.deepEqual(cells.map(Number), data.growth.changes.map((c) => c.growth));
    await page.locator('section#growth').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artefacts, 'leakgrow-growth.png') });
    assert.deepEqual(problems, []);
    console.log(`leakgrow-growth: ${data.growth.changes.length} changes, written in ${ms.toFixed(0)} ms, ` +
                `loaded in ${loadMs} ms`);
  } finally {
    await page.close();
  }
});

// A core under a directory named like markup: its path is shown as text and
// nothing in it runs.
test('hostile file name stays text', async () => {
  const dir = path.join(artefacts, '<img src=x onerror="window.pwned=1">');
  fs.mkdirSync(dir, { recursive: true });
  const core = path.join(dir, 'core');
  fs.rmSync(core, { force: true });
  fs.symlinkSync(path.join(captures, 'go1.26.8/chanblock/core'), core);
  const html = path.join(artefacts, 'hostile.html');
  execFileSync(exe, ['report', core, '--exe', path.join(captures, 'go1.26.8/chanblock/bin'), '-o', html]);
  const { page, problems } = await open(html);
  try {
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(await page.locator('header img').count(), 0);
    assert.ok((await page.locator('header').innerText()).includes('<img src=x onerror="window.pwned=1">'));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
