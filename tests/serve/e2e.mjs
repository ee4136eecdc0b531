// End-to-end test of the what-if page in Debian's chromium (driven by
// playwright-core): load the page, move a lever as a user would, wait for
// the update, check that the metric moved the expected way, type a value
// the scenario rules forbid and check the message, switch the language with
// the settings kept, download the settings, and save a screenshot. Fails on
// any console error or uncaught exception in the page.
//
// usage: node e2e.mjs ADDRESS SCREENSHOT.png DOWNLOAD.toml
import { chromium } from "playwright-core";

const [address, screenshot, download] = process.argv.slice(2);
const errors = [];
const checks = [];
function check(ok, what) {
  checks.push(what);
  if (!ok) {
    throw new Error("check failed: " + what);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = null;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") { errors.push(m.text()); } });
  page.on("pageerror", (e) => errors.push(String(e)));
  const updates = (n) => page.waitForFunction((n) => Number(document.body.dataset.updates) >= n, n, { timeout: 30000 });
  const metric = (id) => page.$eval(`tr[data-metric="${id}"]`, (tr) => ({
    base: Number(tr.dataset.base), variant: Number(tr.dataset.variant), diff: Number(tr.dataset.diff),
    text: tr.textContent,
  }));

  // 1. The page loads in Dutch and shows the baseline against itself.
  await page.goto(address);
  await updates(1);
  check((await page.getAttribute("html", "lang")) === "nl", "the page is Dutch by default");
  const before = await metric("placements_detachering");
  check(before.base === before.variant && before.diff === 0, "without changes, your choice equals the baseline");
  check((await page.$$("#charts figure svg")).length >= 7, "fan charts, forest plot and life paths are drawn");

  // 2. Raise the fee as a user: drag the slider (keyboard), which updates the field.
  const slider = page.locator('input[type=range][data-for="werkbedrijf.fee.level"]');
  await slider.focus();
  for (let i = 0; i < 16; i++) { await page.keyboard.press("ArrowRight"); }
  await page.waitForFunction(() => document.querySelector('[name="werkbedrijf.fee.level"]').value === "1.8");
  const t0 = Date.now();
  await updates(2);
  const seconds = (Date.now() - t0) / 1000;
  await page.waitForFunction(() => document.body.dataset.state === "ready");
  const after = await metric("placements_detachering");
  check(after.text !== before.text, "the shown numbers changed");
  check(after.base === before.base, "the baseline stays the same");
  check(after.variant < before.variant,
    `a higher fee gives fewer detacheringen (median ${before.variant} -> ${after.variant})`);
  const changes = await page.textContent("#changes");
  check(/1\.8/.test(changes), "the change is listed");

  // 3. A value the scenario rules forbid: a message on the page, the server keeps serving.
  await page.fill('[name="werkbedrijf.fee.level"]', "5");
  await page.press('[name="werkbedrijf.fee.level"]', "Tab");
  await page.waitForFunction(() => document.body.dataset.state === "invalid");
  const message = await page.textContent("#message");
  check(/werkbedrijf\.fee\.level/.test(message) && /0 to 3/.test(message), "the message names the key and what is allowed: " + message);
  check(await page.$eval('[name="werkbedrijf.fee.level"]', (el) => el.classList.contains("invalid")), "the field is marked");
  await page.fill('[name="werkbedrijf.fee.level"]', "1.8");
  await page.press('[name="werkbedrijf.fee.level"]', "Tab");
  await updates(3);
  await page.waitForFunction(() => document.body.dataset.state === "ready");
  check((await metric("placements_detachering")).variant === after.variant, "the same settings give the same numbers again");

  // 4. Download the settings as a scenario file.
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  await file.saveAs(download);

  // 5. Switch to English: the settings are kept.
  await page.click("#lang-en");
  await page.waitForURL(/lang=en/);
  await updates(1);
  await page.waitForFunction(() => document.body.dataset.state === "ready");
  check((await page.getAttribute("html", "lang")) === "en", "the switch gives the English page");
  check((await page.inputValue('[name="werkbedrijf.fee.level"]')) === "1.8", "the lever keeps its value");
  check((await metric("placements_detachering")).variant === after.variant, "and the numbers are the same");

  // 6. Two quick changes: the first request is aborted and superseded; the
  //    page ends with the numbers of both changes, without errors.
  const count = Number(await page.getAttribute("body", "data-updates"));
  await page.selectOption('[name="werkbedrijf.contract"]', "permanent");
  await page.selectOption('[name="regime"]', "pre-wab");
  await page.waitForFunction(() => document.body.dataset.state === "ready" &&
    document.querySelectorAll("#changes li").length === 3, null, { timeout: 30000 });
  const shown = Number(await page.getAttribute("body", "data-updates"));
  check(shown > count, `the page updated after the quick changes (${shown - count} answer(s) shown)`);
  const listed = await page.textContent("#changes");
  check(/permanent \(structural\)/.test(listed) && /pre-WAB/.test(listed), "the shown numbers are those of the newest settings: " + listed);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`serve-e2e: update after a lever change shown in ${seconds.toFixed(2)} s (browser round trip)`);
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (errors.length) {
  console.log("serve-e2e: console errors:\n  " + errors.join("\n  "));
}
for (const c of checks) {
  console.log("  ok: " + c);
}
if (failed || errors.length) {
  console.log("serve-e2e: " + (failed ? failed.message : "console errors"));
  process.exit(1);
}
