// Drives the judge through the npm `piston-client`, unmodified, pointed at the
// judge's URL with no credentials (the judge runs with JUDGE_ANONYMOUS_ROLE=candidate).
//
// usage: node piston_client.mjs URL     (prints one line per check; exit 1 on a failure)
import piston from "piston-client";

const client = piston({ server: process.argv[2] });
let failures = 0;
const check = (name, ok, detail) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
  if (!ok) failures += 1;
};

const runtimes = await client.runtimes();
check("runtimes", Array.isArray(runtimes) && runtimes.some((r) => r.language === "python"),
  runtimes.map((r) => `${r.language} ${r.version}`).join(", "));

const python = await client.execute("python", "import sys\nprint('hello', sys.argv[1:], input())", { stdin: "from stdin" });
check("python", python.run && python.run.code === 0 && python.run.stdout === "hello ['1', '2', '3'] from stdin\n",
  `version=${python.version} stdout=${JSON.stringify(python.run && python.run.stdout)} cpu_time=${python.run && python.run.cpu_time}`);

const c = await client.execute("c", "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); return 0; }", { stdin: "40 2" });
check("c", c.run && c.run.code === 0 && c.run.stdout === "42\n" && c.compile && c.compile.code === 0,
  `version=${c.version} stdout=${JSON.stringify(c.run && c.run.stdout)} compile.code=${c.compile && c.compile.code}`);

const ts = await client.execute("ts", "const answer: number = 6 * 7;\nconsole.log(answer);\n");
check("typescript as ts", ts.run && ts.run.code === 0 && ts.run.stdout === "42\n" && ts.compile && ts.compile.code === 0,
  `version=${ts.version} stdout=${JSON.stringify(ts.run && ts.run.stdout)} compile.code=${ts.compile && ts.compile.code}`);

const spin = await client.execute("javascript", "for (;;) {}", { runTimeout: 500 });
check("timeout", spin.run && spin.run.status === "TO", `status=${spin.run && spin.run.status} signal=${spin.run && spin.run.signal}`);

const unknown = await client.execute({ language: "cobol", files: [{ content: "x" }] });
check("unknown runtime", unknown.success === false || (unknown.message || "").includes("unknown"), JSON.stringify(unknown));

process.exit(failures ? 1 : 0);
