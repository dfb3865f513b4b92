import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { REPO_ROOT } from "@learnloop/devstack";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";

const WEB_DIR = path.join(REPO_ROOT, "clients", "web");
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "artifacts", "browser");

/** A production build of clients/web for this gateway, into a temporary folder. */
export async function buildWebClient(env: Record<string, string>): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-web-"));
  await promisify(execFile)(
    process.execPath,
    [path.join(REPO_ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--outDir", outDir, "--emptyOutDir"],
    {
      cwd: WEB_DIR,
      // Jest sets NODE_ENV=test, which Vite would keep, building React's development bundle.
      env: { ...process.env, NODE_ENV: "production", ...env },
    },
  );
  return outDir;
}

/** The gateway's offline GraphiQL (clients/graphiql), built into a temporary folder: the gateway's GRAPHIQL_DIR. */
export async function buildGraphiQL(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-graphiql-"));
  await promisify(execFile)(
    process.execPath,
    [path.join(REPO_ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error"],
    { cwd: path.join(REPO_ROOT, "clients", "graphiql") },
  );
  return outDir;
}

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/**
 * Serves a built single-page app on loopback, as a CDN would: files, else index.html. `dir` may
 * change between pages. With `gzip`, text files go gzipped to clients that accept it (as measured
 * by tools/web-bundle-report.js), for timings that download what a CDN would send.
 */
export async function serveStatic(
  root: () => string,
  options: { gzip?: boolean } = {},
): Promise<{ origin: string; close(): Promise<void> }> {
  const gzipped = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const dir = root();
    const wanted = path.normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = path.join(dir, wanted);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, "index.html");
    const type = TYPES[path.extname(file)];
    res.setHeader("content-type", type ?? "application/octet-stream");
    if (options.gzip && type && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      const key = `${file}:${fs.statSync(file).mtimeMs}`;
      if (!gzipped.has(key)) gzipped.set(key, zlib.gzipSync(fs.readFileSync(file)));
      res.setHeader("content-encoding", "gzip");
      res.setHeader("vary", "accept-encoding");
      res.end(gzipped.get(key));
      return;
    }
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh browser context (its own storage and session) and its page, with the page's uncaught errors collected. */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors, close: () => context.close() };
}
