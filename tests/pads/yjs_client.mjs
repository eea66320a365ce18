// A real Yjs client (npm `yjs` + `y-websocket`, which no one here wrote)
// joining a pad: the pad API tests run it beside their Rust clients.
// It waits for the pad's starter, appends `LINE` to the file `TEXT`
// (`language/file`: the code document's map `files:<language>`),
// waits until the document holds `EXPECT` too (another client's line),
// then prints the whole text and exits.
//
//     node tests/pads/yjs_client.mjs URL TOKEN TEXT LINE EXPECT

import { createRequire } from "node:module";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const Y = require("yjs");
const { WebsocketProvider } = require("y-websocket");
const WebSocket = require("ws");

const [url, token, name, line, expect] = process.argv.slice(2);
const doc = new Y.Doc();
const provider = new WebsocketProvider(`${url.replace(/^http/, "ws")}/v1/pad-links/${token}/ws`, "code", doc,
  { WebSocketPolyfill: WebSocket, disableBc: true });
const [language, file] = name.split("/");
const files = doc.getMap(`files:${language}`);
let text = new Y.Text();
const until = (check) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`timed out; text: ${JSON.stringify(text.toString())}`)), 20_000);
  const test = () => {
    if (!check()) return;
    clearTimeout(timer);
    doc.off("update", test);
    provider.off("sync", test);
    resolve();
  };
  doc.on("update", test);
  provider.on("sync", test);
  test();
});
await until(() => {
  text = files.get(file) ?? text;
  return provider.synced && text.length > 0;
});
text.insert(text.length, line);
await until(() => text.toString().includes(expect));
process.stdout.write(JSON.stringify(text.toString()));
provider.destroy();
process.exit(0);
