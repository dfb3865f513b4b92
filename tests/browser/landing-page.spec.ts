import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@learnloop/devstack";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ARTIFACTS_DIR, buildGraphiQL, launchChromium } from "../support/browser";
import { gql, startStack, type TestStack } from "../support/stack";

/**
 * The gateway's `/` without Apollo's CDN (issue 13, item 7): a plain-text notice pointing to the
 * bundled GraphiQL and a curl command, not a blank page; with the CDN, Sandbox as before (ADR 0022).
 * This machine has no internet; the CDN is also refused or faked with page.route so that the test
 * means the same on a machine that has it.
 */
const CDN = /^https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\//;
const APOLLO = /^https:\/\/([a-z0-9-]+\.)*apollographql\.com\//;

let stack: TestStack;
let browser: Browser;
let graphiqlDir = "";
let titles: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  graphiqlDir = await buildGraphiQL();
  stack = await startStack({ gatewayEnv: { GRAPHIQL_DIR: graphiqlDir } });
  browser = await launchChromium();
  const r = await gql(stack.gatewayUrl, `{ courses(first: 3) { edges { node { title } } } }`);
  expect(r.body.errors).toBeUndefined();
  titles = (r.body.data as any).courses.edges.map((e: any) => e.node.title);
  expect(titles.length).toBeGreaterThan(0);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (graphiqlDir) fs.rmSync(graphiqlDir, { recursive: true, force: true });
});

/** A browser context whose requests off this gateway are recorded; Apollo's hosts are handled by `apollo`. */
async function context(apollo: (route: import("playwright-core").Route) => Promise<void>) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const offOrigin: string[] = [];
  ctx.on("request", (req) => {
    if (!req.url().startsWith(stack.gatewayOrigin) && !req.url().startsWith("data:") && !req.url().startsWith("blob:"))
      offOrigin.push(req.url());
  });
  await ctx.route(APOLLO, apollo);
  return { ctx, offOrigin };
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).innerText()) ?? "").replace(/\u00a0/g, " ");

describe("offline: Apollo's CDN cannot be reached", () => {
  let ctx: BrowserContext;
  afterEach(() => ctx?.close());

  it("says so in plain text, links to the bundled GraphiQL, and GraphiQL runs a query against the gateway", async () => {
    const made = await context((route) => route.abort("internetdisconnected"));
    ctx = made.ctx;
    const page = await ctx.newPage();
    await page.goto(`${stack.gatewayOrigin}/`);
    await page.locator('body[data-sandbox="offline"]').waitFor({ state: "attached" });
    expect(await page.locator("#offline").isVisible()).toBe(true);
    expect(await page.locator("#sandbox").isVisible()).toBe(false);
    expect(await text(page, "#offline")).toContain("Apollo Sandbox could not load from Apollo's CDN");
    expect(made.offOrigin.some((url) => CDN.test(url))).toBe(true); // it did try Sandbox first
    // The curl command names this gateway as the browser reached it.
    expect(await text(page, "#curl-example")).toContain(`curl -s ${stack.gatewayOrigin}/graphql `);
    expect(await page.locator("#graphiql-link").getAttribute("href")).toBe("/graphiql/");
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "landing-offline.png"), fullPage: true });

    // GraphiQL: nothing from anywhere but this gateway, fonts and Monaco's workers included.
    made.offOrigin.length = 0;
    const sent: { body: any; headers: Record<string, string> }[] = [];
    page.on("request", (req) => {
      if (req.url() === stack.gatewayUrl && req.method() === "POST")
        sent.push({ body: JSON.parse(req.postData() ?? "{}"), headers: req.headers() });
    });
    await page.locator("#graphiql-link").click();
    await page.waitForURL(`${stack.gatewayOrigin}/graphiql/`);
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    expect(await text(page, ".graphiql-query-editor")).toContain("courses(first: 3)");
    await page.locator(".graphiql-execute-button").click();
    await page.locator(".graphiql-response").getByText(titles[0], { exact: false }).waitFor();
    const response = await text(page, ".graphiql-response");
    for (const title of titles) expect(response).toContain(title);
    expect(response).not.toContain('"errors"');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "graphiql.png") });

    const query = sent.find((s) => /courses\(first: 3\)/.test(s.body.query ?? ""));
    expect(query).toBeDefined();
    expect(query!.headers["content-type"]).toMatch(/^application\/json/);
    expect(query!.headers["apollo-require-preflight"]).toBe("true");
    expect(made.offOrigin).toEqual([]);
  });

  it("a Sandbox script that loads but whose page never answers also ends in the notice", async () => {
    // As with a cached script and no network: the embed's iframe (sandbox.embed.apollographql.com) fails.
    const made = await context((route) =>
      CDN.test(route.request().url())
        ? route.fulfill({
            contentType: "text/javascript",
            body: `window.EmbeddedSandbox = function (o) {
              var f = document.createElement("iframe");
              f.src = "https://sandbox.embed.apollographql.com/sandbox/explorer";
              document.querySelector(o.target).appendChild(f);
            };`,
          })
        : route.abort("internetdisconnected"),
    );
    ctx = made.ctx;
    const page = await ctx.newPage();
    await page.goto(`${stack.gatewayOrigin}/`);
    await page.locator('body[data-sandbox="offline"]').waitFor({ state: "attached", timeout: 30_000 });
    expect(await text(page, "#offline-reason")).toMatch(/did not appear .*Are you offline\?/);
    expect(await page.locator("#graphiql-link").isVisible()).toBe(true);
  }, 60_000);
});

describe("without JavaScript", () => {
  it("the noscript text says why and gives the same ways in", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.gatewayOrigin}/`);
      const said = await text(page, "body");
      expect(said).toContain("Apollo Sandbox could not load: JavaScript is off");
      expect(said).toContain(`curl -s ${stack.gatewayOrigin}/graphql `);
      expect(await page.locator("noscript a").first().getAttribute("href")).toBe("/graphiql/");
    } finally {
      await ctx.close();
    }
  });
});

describe("online: Apollo's CDN serves the embed", () => {
  it("shows Sandbox, pointed at /graphql, and not the notice", async () => {
    // A stand-in for Apollo's script: the global the page calls, an iframe that posts its handshake.
    const { ctx } = await context((route) =>
      CDN.test(route.request().url())
        ? route.fulfill({
            contentType: "text/javascript",
            body: `window.EmbeddedSandbox = function (o) {
              var f = document.createElement("iframe");
              f.style = "width:100%;height:100%;border:none";
              f.srcdoc = "<h1 id=fake>Fake Sandbox</h1><p id=endpoint></p><script>parent.postMessage({ name: 'ExplorerListeningForHandshake' }, '*')<\\/script>";
              f.onload = function () { f.contentDocument.getElementById("endpoint").textContent = o.initialEndpoint; };
              document.querySelector(o.target).appendChild(f);
            };`,
          })
        : route.abort("internetdisconnected"),
    );
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.gatewayOrigin}/`);
      await page.locator('body[data-sandbox="ready"]').waitFor({ state: "attached" });
      const frame = page.frameLocator("#sandbox iframe");
      await frame.locator("#fake").waitFor();
      await frame.getByText(stack.gatewayUrl).waitFor();
      expect(await page.locator("#sandbox").isVisible()).toBe(true);
      expect(await page.locator("#offline").isVisible()).toBe(false);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, "landing-sandbox.png") });
    } finally {
      await ctx.close();
    }
  });
});

describe("over HTTP", () => {
  it("the curl command the page prints runs the first query", async () => {
    const html = await (await fetch(`${stack.gatewayOrigin}/`)).text();
    const printed = /<pre id="curl-example">([^<]+)<\/pre>/.exec(html)?.[1];
    expect(printed).toBeDefined();
    const command = printed!.replace(
      /&(amp|lt|gt|quot|#39);/g,
      (_m, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e as string]!,
    );
    expect(command).toMatch(/^curl -s http:\/\/127\.0\.0\.1:\d+\/graphql /);
    const { stdout } = await promisify(execFile)("sh", ["-c", command]);
    const body = JSON.parse(stdout);
    expect(body.errors).toBeUndefined();
    expect(body.data.courses.edges.map((e: any) => e.node.title)).toEqual(titles);
  });

  it("the README's first queries by curl run too", async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## A first query"), readme.indexOf("## Other commands"));
    const commands = section.split("\n").filter((line) => line.startsWith("curl "));
    expect(commands.length).toBe(2);
    // As a learner who has set a profile; TOKEN as `npm run dev-token` would print it.
    const token = stack.token("user_landing_readme");
    expect(
      (await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "Aki" }) { id } }`, { token })).body.errors,
    ).toBeUndefined();
    for (const command of commands) {
      const { stdout } = await promisify(execFile)("sh", ["-c", command.replaceAll("http://localhost:4000", stack.gatewayOrigin)], {
        env: { ...process.env, TOKEN: token },
      });
      const body = JSON.parse(stdout);
      expect(body.errors).toBeUndefined();
      if (command.includes("$TOKEN")) {
        expect(body.data.me.displayName).toBe("Aki");
        expect(body.data.lessons.edges).toHaveLength(3);
      } else expect(body.data.courses.edges.map((e: any) => e.node.title)).toEqual(titles);
    }
  });

  it("prints a Host it cannot trust as a default, and serves GraphiQL's files from the gateway", async () => {
    const { request } = await import("node:http");
    const url = new URL(stack.gatewayOrigin);
    const html = await new Promise<string>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: "/", headers: { host: "<script>x</script>" } }, (res) => {
        let data = "";
        res.on("data", (d) => (data += d));
        res.on("end", () => resolve(data));
      });
      req.on("error", reject);
      req.end();
    });
    expect(html).not.toContain("<script>x</script>");
    expect(html).toMatch(/curl -s http:\/\/localhost:\d+\/graphql /);

    const bare = await fetch(`${stack.gatewayOrigin}/graphiql`, { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/graphiql/");
    const page = await fetch(`${stack.gatewayOrigin}/graphiql/`);
    expect(page.status).toBe(200);
    const index = await page.text();
    expect(index).toContain('<div id="graphiql">');
    expect(index).not.toMatch(/(src|href)="https?:/);
    expect((await fetch(`${stack.gatewayOrigin}/graphiql/no-such-file.js`)).status).toBe(404);
  });
});
