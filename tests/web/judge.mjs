// A live `judge serve` for the Node test scripts (the browser test, the
// pads' load figure): on a free port with a fresh data dir, killed when the
// script exits whatever ends it. Resolves to its URL, the process, and the
// first admin key.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startJudge(judge, env = {}) {
  const data = mkdtempSync(join(tmpdir(), "judge-"));
  const server = spawn(judge, ["serve", "--listen", "127.0.0.1:0", "--data", data], {
    env: { ...process.env, RUST_LOG: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.on("exit", () => server.kill("SIGKILL"));
  const url = await new Promise((resolve, reject) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const found = seen.match(/listening on (http:\/\/\S+)/);
      if (found) resolve(found[1]);
    });
    server.on("exit", (code) => reject(new Error(`judge serve exited with ${code}`)));
  });
  const admin = readFileSync(join(data, "admin-key"), "utf8").trim();
  return { url, server, admin };
}
