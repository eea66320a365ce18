// Loaded before every JavaScript submission (qjs --std -I prelude.js).
// QuickJS has no Node.js APIs; this gives the input/output idioms interview
// solutions use: require('fs').readFileSync(0, 'utf8'), require('readline')
// with 'line'/'close' events or `for await`, process.stdout.write, process.argv.
// QuickJS's own `std.in.readAsString()` works too.
(() => {
    let input = null;
    const readInput = () => (input ??= std.in.readAsString());
    const lines = () => {
        const all = readInput().split("\n");
        if (all.length && all[all.length - 1] === "") all.pop();
        return all.map((line) => line.replace(/\r$/, ""));
    };

    const fs = {
        readFileSync(path, _options) {
            if (path === 0 || path === "/dev/stdin") return readInput();
            const file = std.open(String(path), "r");
            if (!file) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
            try {
                return file.readAsString();
            } finally {
                file.close();
            }
        },
    };

    const readline = {
        createInterface() {
            const handlers = { line: [], close: [] };
            const rl = {
                on(event, handler) {
                    (handlers[event] ??= []).push(handler);
                    return rl;
                },
                close() {},
                async *[Symbol.asyncIterator]() {
                    yield* lines();
                },
            };
            // Events fire after the script's synchronous part, as in Node.
            Promise.resolve().then(() => {
                for (const line of lines()) for (const h of handlers.line) h(line);
                for (const h of handlers.close) h();
            });
            return rl;
        },
    };

    const modules = { fs, readline };
    globalThis.require = (name) => {
        const module = modules[String(name).replace(/^node:/, "")];
        if (!module) throw new Error(`module '${name}' is not available in this sandbox`);
        return module;
    };
    globalThis.process = {
        argv: ["qjs", ...scriptArgs],
        env: {},
        exit: (code) => std.exit(code ?? 0),
        stdout: { write: (text) => (std.out.puts(String(text)), true) },
        stderr: { write: (text) => (std.err.puts(String(text)), true) },
    };
})();
