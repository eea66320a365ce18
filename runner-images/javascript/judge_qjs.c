/* The `qjs` program of the judge's QuickJS: QuickJS-NG's own qjs.c, whose
 * `main` becomes `qjs_main`, plus the export the judge snapshots the started
 * engine with (see judge/src/pipeline/interpreter.rs).
 *
 * Without a snapshot it is qjs. The export `wizer.initialize` does what
 * `qjs --std -I /image/prelude.js SCRIPT` does before SCRIPT: the runtime and
 * its context, the std handlers, the module loader, `std`/`os`/`bjson` as
 * globals, and the prelude. It never sees a program. A run of the snapshot
 * calls `_start` as usual: `main` finds the engine started, sets this run's
 * `scriptArgs`, evaluates the script as qjs would, runs its jobs and timers,
 * and exits as qjs does (1 after printing an uncaught exception), without
 * freeing the runtime, which a process that ends has no need of.
 */

#define main qjs_main
#include "qjs.c"
#undef main

#define JUDGE_PRELUDE "/image/prelude.js"

static JSRuntime *judge_rt = NULL;
static JSContext *judge_ctx = NULL;

static void judge_fail(const char *what)
{
    fprintf(stderr, "judge snapshot: %s\n", what);
    fflush(stderr);
    abort();
}

__attribute__((export_name("wizer.initialize")))
void judge_initialize(void)
{
    JSRuntime *rt = JS_NewRuntime();
    if (!rt) {
        judge_fail("cannot allocate the runtime");
    }
    js_std_set_worker_new_context_func(JS_NewCustomContext);
    js_std_init_handlers(rt);
    JSContext *ctx = JS_NewCustomContext(rt);
    if (!ctx) {
        judge_fail("cannot allocate the context");
    }
    JS_SetModuleLoaderFunc2(rt, NULL, js_module_loader, js_module_check_attributes, NULL);
    JS_SetHostPromiseRejectionTracker(rt, js_std_promise_rejection_tracker, NULL);
    js_std_add_helpers(ctx, 0, NULL);
    const char *std_globals =
        "import * as bjson from 'qjs:bjson';\n"
        "import * as std from 'qjs:std';\n"
        "import * as os from 'qjs:os';\n"
        "globalThis.bjson = bjson;\n"
        "globalThis.std = std;\n"
        "globalThis.os = os;\n";
    if (eval_buf(ctx, std_globals, strlen(std_globals), "<input>", JS_EVAL_TYPE_MODULE)) {
        judge_fail("cannot load std");
    }
    if (eval_file(ctx, JUDGE_PRELUDE, 0)) {
        judge_fail("cannot evaluate the prelude");
    }
    judge_rt = rt;
    judge_ctx = ctx;
}

/* scriptArgs as js_std_add_helpers sets it: the script and its arguments. */
static int judge_set_script_args(JSContext *ctx, int argc, char **argv)
{
    JSValue args = JS_NewArray(ctx);
    if (JS_IsException(args)) {
        return -1;
    }
    for (int i = 0; i < argc; i++) {
        JS_SetPropertyUint32(ctx, args, i, JS_NewString(ctx, argv[i]));
    }
    JSValue global = JS_GetGlobalObject(ctx);
    int set = JS_SetPropertyStr(ctx, global, "scriptArgs", args);
    JS_FreeValue(ctx, global);
    return set < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (judge_rt == NULL) {
        return qjs_main(argc, argv);
    }
    /* The snapshot holds `--std -I /image/prelude.js`: a run must ask for
       exactly that, then a script. */
    if (argc < 5 || strcmp(argv[1], "--std") != 0 || strcmp(argv[2], "-I") != 0
        || strcmp(argv[3], JUDGE_PRELUDE) != 0 || argv[4][0] == '-') {
        fprintf(stderr, "qjs (snapshot): only --std -I " JUDGE_PRELUDE " SCRIPT [ARGS...] is taken\n");
        return 2;
    }
    JSContext *ctx = judge_ctx;
    /* Stack overflow is measured from this run's stack, not the snapshot's. */
    JS_UpdateStackTop(judge_rt);
    if (judge_set_script_args(ctx, argc - 4, argv + 4) < 0) {
        js_std_dump_error(ctx);
        return 1;
    }
    if (eval_file(ctx, argv[4], -1)) {
        return 1;
    }
    if (js_std_loop(ctx)) {
        js_std_dump_error(ctx);
        return 1;
    }
    return 0;
}
