// The packaged extension in a real VS Code: code-server (VS Code's web build) on
// 127.0.0.1, driven in Debian's Chromium by puppeteer-core, as a user would.
// Run by run.sh, which installs the parts and sets:
//   NODE24, CODE_SERVER  how to start code-server (setup.sh prints them)
//   VOUCH_VSIX           the platform .vsix to install (it carries the server)
//   VOUCH_E2E_ARTIFACTS  where the screenshots go
// Every wait is bounded; a failure leaves a screenshot of the moment.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..", "..");
const env = (name) => {
  const v = process.env[name];
  assert.ok(v, `${name} is not set (run editors/vscode/e2e/run.sh)`);
  return v;
};
const NODE24 = env("NODE24");
const CODE_SERVER = env("CODE_SERVER");
const VSIX = env("VOUCH_VSIX");
const ARTIFACTS = process.env.VOUCH_E2E_ARTIFACTS ?? path.join(here, "artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const WAIT = 60_000;

const mod = process.platform === "darwin" ? "Meta" : "Control";
let work, server, browser, page, serverLog = "";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function shot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs `f`; on failure keeps a screenshot named after the step. */
async function step(name, f) {
  try {
    return await f();
  } catch (err) {
    if (page) await shot(`failed-${name}`).catch(() => {});
    throw err;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The texts of the elements matching `selector` that are shown (the editor's no-break spaces as spaces). */
function visibleTexts(selector) {
  return page.$$eval(selector, (els) =>
    els.filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden").map((e) => (e.textContent ?? "").replace(/\u00a0/g, " ")),
  );
}

/** The texts of the elements matching `selector`, visible or not (the editor's no-break spaces as spaces). */
function texts(selector) {
  return page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? "").replace(/\u00a0/g, " ")));
}

async function waitForText(selector, pattern, what, timeout = WAIT, read = texts) {
  const deadline = Date.now() + timeout;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await read(selector);
    const hit = seen.find((t) => pattern.test(t));
    if (hit !== undefined) return hit;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what} (${pattern}); saw: ${JSON.stringify(seen.slice(0, 12))}`);
}

async function statusBarText() {
  return (await texts(".statusbar-item")).filter((t) => /vouch/.test(t));
}

/** Runs a command from the palette by its title. */
async function command(title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: WAIT });
  await page.keyboard.type(`>${title}`);
  await waitForText(".quick-input-list .monaco-list-row.focused", new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), `the command ${title} first`);
  await page.keyboard.press("Enter");
}

async function openFile(name) {
  await page.keyboard.down(mod);
  await page.keyboard.press("p");
  await page.keyboard.up(mod);
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: WAIT });
  await page.keyboard.type(name);
  await waitForText(".quick-input-list .monaco-list-row.focused", new RegExp(name.replace(".", "\\.")), `${name} first in Quick Open`);
  await page.keyboard.press("Enter");
  await waitForText(".tabs-container .tab.active", new RegExp(name.replace(".", "\\.")), `${name}'s tab`);
}

/** The active editor's cursor, from the status bar ("Ln 7, Col 75"). */
async function cursor() {
  const t = await waitForText(".statusbar-item", /Ln \d+, Col \d+/, "the cursor position");
  const m = /Ln (\d+), Col (\d+)/.exec(t);
  return { line: Number(m[1]), col: Number(m[2]) };
}

async function problemRows() {
  return texts(".markers-panel .monaco-list-row");
}

describe("vouch in a real VS Code (code-server)", () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "vouch-vscode-e2e-"));
    const folder = path.join(work, "story");
    fs.mkdirSync(folder);
    fs.cpSync(path.join(repo, "corpus"), path.join(folder, "corpus"), { recursive: true });
    fs.copyFileSync(path.join(repo, "examples", "aid-and-territory.md"), path.join(folder, "draft.md"));
    const userData = path.join(work, "user-data");
    const extensions = path.join(work, "extensions");
    fs.mkdirSync(path.join(userData, "User"), { recursive: true });
    // A new user: no welcome page, no trust prompt (so the folder opens in Restricted Mode),
    // no telemetry, no update checks.
    fs.writeFileSync(
      path.join(userData, "User", "settings.json"),
      JSON.stringify({
        "security.workspace.trust.enabled": true,
        "security.workspace.trust.startupPrompt": "never",
        "security.workspace.trust.banner": "never",
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "update.mode": "none",
        "chat.disableAIFeatures": true,
        "workbench.colorTheme": "Default Light Modern",
        "editor.fontSize": 15,
        "editor.minimap.enabled": false,
        "editor.hover.delay": 300,
      }),
    );
    fs.writeFileSync(path.join(work, "config.yaml"), "auth: none\ncert: false\n");
    const base = [CODE_SERVER, "--config", path.join(work, "config.yaml"), "--user-data-dir", userData, "--extensions-dir", extensions];
    const installed = execFileSync(NODE24, [...base, "--install-extension", VSIX], { encoding: "utf8", timeout: 120_000 });
    assert.match(installed, /successfully installed/i, installed);
    const port = await freePort();
    server = spawn(
      NODE24,
      [...base, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-getting-started-override", folder],
      { env: { ...process.env, XDG_CACHE_HOME: path.join(work, "cache"), VOUCH_LSP_DEBOUNCE_MS: "50" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stdout.on("data", (d) => (serverLog += d));
    server.stderr.on("data", (d) => (serverLog += d));
    const deadline = Date.now() + WAIT;
    while (!/HTTP server listening/.test(serverLog)) {
      assert.ok(server.exitCode === null, `code-server exited:\n${serverLog}`);
      assert.ok(Date.now() < deadline, `code-server did not start:\n${serverLog}`);
      await sleep(100);
    }
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: path.join(work, "chromium"),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
      ],
      defaultViewport: { width: 1400, height: 900 },
    });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`, { waitUntil: "domcontentloaded", timeout: WAIT });
    await page.waitForSelector(".monaco-workbench .part.statusbar", { timeout: WAIT });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    server?.kill();
    if (process.env.VOUCH_E2E_VERBOSE) console.log(serverLog);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("Restricted Mode: vouch explains why nothing runs, and trusting the folder starts it", () =>
    step("restricted", async () => {
      await openFile("draft.md");
      const item = await waitForText(".statusbar-item", /vouch: Restricted Mode/, "the Restricted Mode status item");
      assert.match(item, /Restricted Mode/);
      const note = await waitForText(".notification-list-item-message", /does not run in Restricted Mode/, "the explanation");
      assert.match(note, /Trust the folder/);
      assert.deepEqual(await page.$$(".squiggly-error"), [], "squiggles in Restricted Mode");
      await shot("restricted-mode");
      // The notification's button opens the trust editor; trust the folder there. The click
      // happens in the page, since VS Code may re-render the notification meanwhile.
      const deadline = Date.now() + WAIT;
      let clicked = false;
      while (!clicked && Date.now() < deadline) {
        clicked = await page.evaluate(() => {
          const button = [...document.querySelectorAll(".notification-list-item .monaco-button")].find((b) => /Manage Workspace Trust/.test(b.textContent ?? ""));
          button?.click();
          return button !== undefined;
        });
        if (!clicked) await sleep(200);
      }
      assert.ok(clicked, "no Manage Workspace Trust button on the notification");
      await page.waitForSelector(".workspace-trust-editor", { visible: true, timeout: WAIT });
      // Click Trust in the page, again until vouch starts: VS Code re-renders the trust editor
      // as it settles, and a button found a moment earlier may be detached by the click.
      const trustDeadline = Date.now() + WAIT;
      let started = false;
      while (!started && Date.now() < trustDeadline) {
        await page.evaluate(() => {
          const row = document.querySelector(".workspace-trust-editor .workspace-trust-buttons-row");
          const button = [...(row?.querySelectorAll(".monaco-button") ?? [])].find((b) => /^\s*Trust\b/.test(b.textContent ?? ""));
          button?.click();
        });
        started = await page
          .$$eval(".statusbar-item", (items) => items.some((i) => /vouch: \d+ sources?/.test(i.textContent ?? "")))
          .catch(() => false);
        if (!started) await sleep(500);
      }
      await waitForText(".statusbar-item", /vouch: \d+ sources?/, "vouch's status after trusting the folder");
      // Close the trust editor (VS Code may show it as a modal over the editors): Escape,
      // else the Close action nearest to it.
      const trustShown = () => page.$eval(".workspace-trust-editor", (e) => e.getBoundingClientRect().width > 0).catch(() => false);
      for (let i = 0; i < 20 && (await trustShown()); i++) {
        if (i % 2 === 0) {
          await page.keyboard.press("Escape");
        } else {
          await page.evaluate(() => {
            let node = document.querySelector(".workspace-trust-editor");
            while (node && !node.querySelector('.action-label[aria-label^="Close"]')) node = node.parentElement;
            node?.querySelector('.action-label[aria-label^="Close"]')?.click();
          });
        }
        await sleep(300);
      }
      assert.equal(await trustShown(), false, "the Workspace Trust editor did not close");
    }));

  it("the Problems panel lists vouch's findings with their codes", () =>
    step("problems", async () => {
      await openFile("draft.md");
      await page.waitForSelector(".squiggly-error", { timeout: WAIT });
      await page.keyboard.down(mod);
      await page.keyboard.down("Shift");
      await page.keyboard.press("m");
      await page.keyboard.up("Shift");
      await page.keyboard.up(mod);
      await waitForText(".markers-panel .monaco-list-row", /figure-mismatch/, "a figure-mismatch problem");
      // The panel is a virtual list that renders the rows in view: read it, then
      // again from its end (the focus is in the panel), then go back to the top.
      const rows = await problemRows();
      await page.keyboard.press("End");
      await sleep(500);
      rows.push(...(await problemRows()));
      await page.keyboard.press("Home");
      await sleep(300);
      for (const code of ["figure-mismatch", "source-conflict", "unsupported-figure"]) {
        assert.ok(rows.some((r) => r.includes(code) && r.includes("vouch")), `no ${code} problem from vouch: ${JSON.stringify(rows)}`);
      }
      assert.ok(rows.some((r) => /The sources say .*, not \$6\.35 billion/.test(r)), JSON.stringify(rows));
      await shot("problems");
    }));

  it("a finding's code links to what it means (vouch rule CODE)", () =>
    step("code-link", async () => {
      const links = await page.$$(".markers-panel .monaco-list-row a");
      let link;
      for (const a of links) {
        if ((await a.evaluate((e) => e.textContent ?? "")).trim() === "figure-mismatch") {
          link = a;
          break;
        }
      }
      assert.ok(link, "no figure-mismatch link in the Problems panel");
      await link.click();
      await waitForText(".tabs-container .tab.active", /figure-mismatch\.md/, "the code's page");
      const text = await waitForText(".monaco-editor .view-lines", /Default: error/, "vouch rule figure-mismatch's text");
      assert.match(text, /# figure-mismatch/);
      await shot("code-link");
      await openFile("draft.md");
    }));

  it("the hover names the source, with its link", () =>
    step("hover", async () => {
      // F8 puts the cursor on the first problem; the hover opens from the keyboard.
      await page.click(".monaco-editor .view-lines");
      await page.keyboard.down(mod);
      await page.keyboard.press("Home");
      await page.keyboard.up(mod);
      await page.keyboard.press("F8");
      await page.keyboard.press("Escape");
      await page.keyboard.down(mod);
      await page.keyboard.press("k");
      await page.keyboard.press("i");
      await page.keyboard.up(mod);
      // The diagnostic's message names the sources too: wait for vouch's hover itself.
      const hover = await waitForText(".monaco-hover", /the sources state a different figure/, "vouch's hover with a source", WAIT, visibleTexts);
      assert.match(hover, /corpus\/\d{3}_[0-9a-f]+\.txt:\d+/);
      const links = await page.$$eval(".monaco-hover a", (as) => as.map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("data-href") ?? a.getAttribute("href") ?? "" })));
      const source = links.find((l) => /corpus\/\d{3}_[0-9a-f]+\.txt:\d+/.test(l.text));
      assert.ok(source, `no source link in the hover: ${JSON.stringify(links)}`);
      // file:// on the desktop; VS Code's web build shows the same file as vscode-remote://.
      assert.match(source.href, /^(file|vscode-remote):\/\/.*\/corpus\/\d{3}_[0-9a-f]+\.txt#L?\d+/);
      await shot("hover");
      await page.keyboard.press("Escape");

    }));

  it("the first quick fix removes its problem", () =>
    step("quickfix", async () => {
      const before = await problemRows();
      const at = await cursor();
      await page.keyboard.down(mod);
      await page.keyboard.press(".");
      await page.keyboard.up(mod);
      const first = await waitForText(".action-widget .monaco-list-row.action", /\S/, "the quick fix menu");
      await shot("quickfix");
      const fix = /Use the source's figure: (.+?)\s*$/.exec(first.split("\n")[0]);
      assert.ok(fix, `the first quick fix is not the source's figure: ${first}`);
      await page.keyboard.press("Enter");
      const fixed = new RegExp(`totals ${fix[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
      await waitForText(".view-lines", fixed, "the fixed figure in the draft");
      const deadline = Date.now() + WAIT;
      let after = await problemRows();
      while (after.some((r) => r.includes("not $6.35 billion")) && Date.now() < deadline) {
        await sleep(200);
        after = await problemRows();
      }
      assert.ok(!after.some((r) => r.includes("not $6.35 billion")), `the problem is still listed: ${JSON.stringify(after)}`);
      assert.ok(before.some((r) => r.includes("not $6.35 billion")), `line ${at.line}: the problem was not there before`);
      await shot("quickfix-applied");
    }));

  it("the hover of a supported figure shows its source alone", () =>
    step("hover-supported", async () => {
      const draft = fs.readFileSync(path.join(repo, "examples", "aid-and-territory.md"), "utf8").split("\n");
      const line = draft.findIndex((l) => /tens of thousands of casualties/.test(l));
      assert.ok(line >= 0, "the example draft changed: no supported 'tens of thousands'");
      await page.keyboard.down(mod);
      await page.keyboard.press("g");
      await page.keyboard.up(mod);
      await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: WAIT });
      await page.keyboard.type(`${line + 1}:${draft[line].indexOf("tens of thousands") + 2}`);
      await page.keyboard.press("Enter");
      await page.keyboard.down(mod);
      await page.keyboard.press("k");
      await page.keyboard.press("i");
      await page.keyboard.up(mod);
      const supported = await waitForText(".monaco-hover", /Figure.*tens of thousands/s, "the hover of a supported figure", WAIT, visibleTexts);
      assert.match(supported, /corpus\/\d{3}_[0-9a-f]+\.txt:\d+/);
      assert.doesNotMatch(supported, /The sources say/, "a problem's text in the hover of a supported figure");
      await shot("hover-supported");
      await page.keyboard.press("Escape");
    }));

  it("Show Sources opens the source at its line", () =>
    step("sources", async () => {
      // The next problem (a figure the sources state), then the command from the palette.
      await page.click(".monaco-editor .view-lines");
      await page.keyboard.down(mod);
      await page.keyboard.press("Home");
      await page.keyboard.up(mod);
      await page.keyboard.press("F8");
      await page.keyboard.press("Escape");
      const notesBefore = (await texts(".notification-list-item-message")).length;
      await command("vouch: Show Sources");
      const label = await waitForText(".quick-input-list .monaco-list-row", /, line \d+/, "the sources picker");
      const line = Number(/, line (\d+)/.exec(label)[1]);
      assert.doesNotMatch(label, /^(.+\.txt).*\1/, `the label repeats the path: ${label}`);
      await shot("sources-picker");
      await page.keyboard.press("Enter");
      await waitForText(".tabs-container .tab.active", /\d{3}_[0-9a-f]+\.txt/, "the source's tab");
      assert.equal((await cursor()).line, line, "the source did not open at the picked line");
      assert.equal((await texts(".notification-list-item-message")).length, notesBefore, "Show Sources also showed a notification");
    }));

  it("Reindex from the status bar says one thing", () =>
    step("reindex", async () => {
      await openFile("draft.md");
      const before = (await texts(".notification-list-item-message")).length;
      const items = await page.$$(".statusbar-item");
      let item;
      for (const i of items) if (/vouch: \d+ sources/.test(await i.evaluate((e) => e.textContent ?? ""))) item = i;
      assert.ok(item, `no vouch status item: ${JSON.stringify(await statusBarText())}`);
      // The tooltip, as the mouse shows it: each thing once.
      await item.hover();
      const tooltip = await waitForText(".workbench-hover, .monaco-hover", /ready/, "the status item's tooltip");
      assert.match(tooltip, /5 sources, 189 sentences/);
      assert.doesNotMatch(tooltip, /(\d+ sources).*\1/s, `the tooltip repeats itself: ${tooltip}`);
      await shot("status-tooltip");
      await item.click();
      await waitForText(".notification-list-item-message", /vouch: corpus reindexed, 5 sources, \d+ changed/, "the reindex notification");
      await sleep(500);
      const now = await texts(".notification-list-item-message");
      assert.equal(now.length, before + 1, `Reindex showed ${now.length - before} notifications: ${JSON.stringify(now)}`);
    }));

  it("a restart is clean: no error in the vouch output channel", () =>
    step("restart", async () => {
      await command("vouch: Restart Server");
      await sleep(1000);
      await waitForText(".statusbar-item", /vouch: 5 sources/, "vouch's status after the restart");
      await command("Output: Show Output Channels...");
      await waitForText(".quick-input-list .monaco-list-row", /^vouch$|vouch/, "the vouch output channel");
      await page.keyboard.type("vouch");
      await sleep(300);
      await page.keyboard.press("Enter");
      const log = await waitForText(".panel .monaco-editor .view-lines", /vouch lsp exited cleanly/, "the clean exit in the output channel");
      assert.doesNotMatch(log, /\[error\]|\[Error|exited with code/, `the output channel logs an error: ${log}`);
      await shot("restart-output");
    }));
});
