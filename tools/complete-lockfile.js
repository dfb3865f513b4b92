// Adds lock entries for optional platform binaries that `npm install` could not resolve (the
// registry reachable on our build machines lacks some other-platform builds, e.g. darwin-arm64).
// Without them, `npm ci` rejects the lock as out of sync. On a matching platform npm installs
// them as usual; elsewhere it skips them by os/cpu. Run after any `npm install` that rewrites the lock.
const fs = require("node:fs");
const path = require("node:path");

const file = path.join(__dirname, "..", "package-lock.json");
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const OS = ["darwin", "linux", "win32", "freebsd", "android", "openharmony", "sunos", "aix", "netbsd", "openbsd"];
const CPU = ["arm64", "x64", "ia32", "arm", "ppc64", "s390x", "riscv64", "loong64", "wasm32", "mips64el"];
let added = 0;
for (const [where, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = where ? `${where}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[base] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split("/").pop().split("-");
    const entry = { version: version.replace(/^[\^~=]/, ""), optional: true };
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes("arm") ? "arm" : undefined);
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (parts.includes("musl") || parts.includes("musleabihf")) entry.libc = ["musl"];
    else if (parts.some((p) => p.startsWith("gnu"))) entry.libc = ["glibc"];
    lock.packages[`node_modules/${name}`] = entry;
    added++;
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} optional platform entries to package-lock.json`);
