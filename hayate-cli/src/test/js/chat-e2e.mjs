// Drives the demo's /chat page in headless Chromium (one browser for everything):
//   1. two pages exchange messages over WebSocket, then over server-sent events, then over long polls, switching
//      with the page's transport toggle; after each exchange the server drops every connection, a message is
//      published meanwhile, and each page must show it exactly once after reconnecting by itself;
//   2. three pages, one per transport, exchange messages, and the same drop;
//   3. on a server in blocking mode, two pages asking for ws and sse fall back to polling and exchange messages.
// Every page must show every message once, with increasing ids, in the same order as the others.
//
//   node chat-e2e.mjs <base url> [<base url of a blocking-mode server>]
//
// The first server must also route POST /test/drop?expect=N (ChatBrowserTest adds it): wait until N clients
// listen, then drop them all. Chromium is the Debian package: $CHROMIUM or /usr/bin/chromium. Exit code 0 on
// success; on failure the reason is on stderr.
import { chromium } from "playwright-core";

const [base, blockingBase] = process.argv.slice(2);
if (!base) {
  console.error("usage: node chat-e2e.mjs <base url> [<base url of a blocking-mode server>]");
  process.exit(2);
}
const WAIT = { timeout: 15000 };
const started = Date.now();
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);
const tag = Math.random().toString(36).slice(2, 8);

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function post(path, body) {
  const r = await fetch(base + path, body === undefined ? { method: "POST" } : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const text = await r.text();
  check(r.ok, `POST ${path}: HTTP ${r.status} ${text}`);
  return text;
}

// Each page gets its own browser context: its own connection pool (Chromium allows 6 connections per host, and
// an event stream or a held poll keeps one) and its own storage.
async function open(browser, transport, name, origin = base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`[${name}] page error: ${e}`));
  page.on("console", (m) => { if (m.type() === "error") console.error(`[${name}] console: ${m.text()}`); });
  await page.goto(`${origin}/chat?transport=${transport}&name=${encodeURIComponent(name)}`);
  await page.waitForFunction(() => window.chat && window.chat.state === "open", null, WAIT);
  // what the page really uses (in blocking mode it polls whatever was asked)
  return { page, name, transport: await page.evaluate(() => window.chat.transport), context };
}

async function send(p, text) {
  await p.page.fill("#text", text);
  await p.page.press("#text", "Enter");
  // the box is cleared once the message is on its way; an error would show in #error
  await p.page.waitForFunction(() => document.getElementById("text").value === "" ||
      document.getElementById("error").textContent !== "", null, WAIT);
  const error = await p.page.textContent("#error");
  check(error === "", `${p.name}: sending failed: ${error}`);
}

async function waitForTexts(p, texts) {
  try {
    await p.page.waitForFunction((want) => {
      const have = [...document.querySelectorAll("#messages li.message .text")].map((e) => e.textContent);
      return want.every((t) => have.includes(t));
    }, texts, WAIT);
  } catch (e) {
    throw new Error(`${p.name} (${p.transport}) never showed ${JSON.stringify(texts)}; it shows ` +
        JSON.stringify(await messages(p)) + `, state ${JSON.stringify(await stats(p))}`);
  }
}

function messages(p) {
  return p.page.$$eval("#messages li.message", (lis) => lis.map((li) => ({
    id: Number(li.dataset.id), name: li.querySelector(".name").textContent.replace(/:$/, ""),
    text: li.querySelector(".text").textContent,
  })));
}

function stats(p) {
  return p.page.evaluate(() => {
    const c = window.chat;
    return { transport: c.transport, state: c.state, lastId: c.lastId, connects: c.connects,
      received: c.received, duplicates: c.duplicates, gaps: c.gaps };
  });
}

// Every page shows each text exactly once, ids strictly increasing, and all pages agree on the ids.
async function verify(pages, texts) {
  const seen = [];
  for (const p of pages) {
    await waitForTexts(p, texts);
    const list = await messages(p);
    const st = await stats(p);
    for (let i = 1; i < list.length; i++) {
      check(list[i].id > list[i - 1].id, `${p.name}: ids out of order: ${JSON.stringify(list)}`);
    }
    for (const t of texts) {
      const n = list.filter((m) => m.text === t).length;
      check(n === 1, `${p.name}: "${t}" shown ${n} times: ${JSON.stringify(list)}`);
    }
    check(st.duplicates === 0, `${p.name}: received ${st.duplicates} duplicate(s)`);
    check(st.gaps === 0, `${p.name}: ${st.gaps} gap(s) in the ids`);
    seen.push(list.filter((m) => texts.includes(m.text)).map((m) => `${m.id}:${m.name}:${m.text}`).join(" | "));
  }
  for (let i = 1; i < seen.length; i++) {
    check(seen[i] === seen[0], `pages disagree:\n  ${pages[0].name}: ${seen[0]}\n  ${pages[i].name}: ${seen[i]}`);
  }
  log(`  all ${pages.length} pages show: ${seen[0]}`);
}

// Switches a page to another transport with its toggle; it reconnects from its last id.
async function use(p, transport) {
  const before = (await stats(p)).connects;
  await p.page.check(`input[name="transport"][value="${transport}"]`);
  await p.page.waitForFunction(([t, n]) => window.chat.transport === t && window.chat.state === "open" &&
      window.chat.connects > n, [transport, before], WAIT);
  p.transport = transport;
}

let round = 0;

async function exchange(pages) {
  round++;
  const texts = pages.map((p) => `hello ${round} from ${p.name} over ${p.transport} <b>${tag}</b>`);
  await Promise.all(pages.map((p, i) => send(p, texts[i])));
  await verify(pages, texts);
  // the text went into the page as text, never as markup
  for (const p of pages) {
    check(await p.page.locator("#messages b").count() === 0, `${p.name}: message text was rendered as HTML`);
  }
}

async function dropAndResume(pages) {
  const before = await Promise.all(pages.map(stats));
  const dropped = Number(await post(`/test/drop?expect=${pages.length}`));
  check(dropped >= pages.length, `the server dropped ${dropped} connection(s), expected ${pages.length}`);
  const missed = `sent while everyone was away (${round}) ${tag}`;
  await post("/chat/send", { name: "server", text: missed });
  log(`  dropped ${dropped} connection(s), published "${missed}"`);
  await verify(pages, [missed]);
  for (let i = 0; i < pages.length; i++) {
    await pages[i].page.waitForFunction((n) => window.chat.connects > n && window.chat.state === "open",
        before[i].connects, WAIT);
  }
  const after = await Promise.all(pages.map(stats));
  log("  reconnected:", after.map((s, i) => `${pages[i].name} ${s.transport} connects ${before[i].connects}->${s.connects}`).join(", "));
}

let browser;
let failed = false;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    // Playwright gives it a fresh temporary --user-data-dir (and refuses one in args)
  });
  log(`chromium ${browser.version()}`);

  const [alice, bob] = await Promise.all([open(browser, "ws", "alice"), open(browser, "ws", "bob")]);
  for (const transport of ["ws", "sse", "poll"]) {
    log(`${transport}: alice and bob`);
    if (alice.transport !== transport) await Promise.all([use(alice, transport), use(bob, transport)]);
    await exchange([alice, bob]);
    await dropAndResume([alice, bob]);
  }

  log("mixed: alice over ws, bob over sse, carol over poll");
  const carol = await open(browser, "poll", "carol");
  await Promise.all([use(alice, "ws"), use(bob, "sse")]);
  await exchange([alice, bob, carol]);
  await dropAndResume([alice, bob, carol]);
  await Promise.all([alice, bob, carol].map((p) => p.context.close()));

  if (blockingBase) {
    log("blocking mode: pages asking for ws and sse poll instead");
    const pages = await Promise.all([open(browser, "ws", "dave", blockingBase), open(browser, "sse", "erin", blockingBase)]);
    for (const p of pages) {
      check(p.transport === "poll", `${p.name}: in blocking mode the page should poll, it uses ${p.transport}`);
    }
    await exchange(pages);
  }
  log("ok");
} catch (e) {
  failed = true;
  console.error(`FAILED: ${e && e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
}
process.exit(failed ? 1 : 0);
