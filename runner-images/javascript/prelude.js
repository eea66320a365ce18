// Loaded before every JavaScript submission (qjs --std -I prelude.js).
// QuickJS has no Node.js APIs; this gives the input/output idioms interview
// solutions use: require('fs').readFileSync(0, 'utf8'), require('readline')
// with 'line'/'close' events or `for await`, process.stdout.write, process.argv,
// and require('./file') of a CommonJS file beside the program.
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
    // CommonJS files beside the program (`require("./util")`): each run
    // once, as Node does, with `module`, `exports` and `require`.
    const loaded = {};
    const local = (name) => {
        const file = name.slice(2).replace(/\.c?js$/, "");
        if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(file)) {
            throw new Error(`Cannot find module '${name}': only files beside the program load`);
        }
        if (loaded[file]) return loaded[file].exports;
        const path = [`/code/${file}.js`, `/code/${file}.cjs`, `/code/${file}`].find((p) => std.loadFile(p) !== null);
        if (!path) throw new Error(`Cannot find module '${name}'`);
        const module = { exports: {} };
        loaded[file] = module;
        const body = std.evalScript(`(function (module, exports, require) {${std.loadFile(path)}\n})`);
        body(module, module.exports, globalThis.require);
        return module.exports;
    };
    globalThis.require = (name) => {
        if (String(name).startsWith("./")) return local(String(name));
        const module = modules[String(name).replace(/^node:/, "")];
        if (!module) throw new Error(`module '${name}' is not available in this sandbox`);
        return module;
    };
    globalThis.process = {
        // Read when asked: a run from the engine's snapshot sets scriptArgs
        // after this prelude ran.
        get argv() {
            return ["qjs", ...scriptArgs];
        },
        env: {},
        exit: (code) => std.exit(code ?? 0),
        stdout: { write: (text) => (std.out.puts(String(text)), true) },
        stderr: { write: (text) => (std.err.puts(String(text)), true) },
    };
})();
