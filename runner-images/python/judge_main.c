/* The `python` program of the judge's CPython, in place of Programs/python.c.
 *
 * Without a snapshot it is CPython's own `main`: Py_BytesMain.
 *
 * The judge also snapshots it (Wizer-style, see judge/src/pipeline/snapshot.rs):
 * it instantiates the module, calls the export `wizer.initialize` below, and
 * captures the instance's memory and globals into a new module. That export
 * starts the interpreter as `python` with no script would (the environment's
 * PYTHONHOME, PYTHONHASHSEED, ...; `site`; the standard streams) and imports
 * the modules most solutions use, named by JUDGE_PRELOAD (comma-separated).
 * It never sees a solution. It then prints the names of the top-level modules
 * it holds, one per line, so that the judge can keep a program that has a file
 * of one of those names on the plain interpreter (where its own file would
 * shadow the standard library's, as in `python`).
 *
 * A run of the snapshot calls `_start` as usual: `main` finds the interpreter
 * already started, gives it this run's argv (the script, or `-c CODE`, and
 * the arguments),
 * and runs it with Py_RunMain, the same function Py_BytesMain ends with: same
 * sys.path[0], same `__main__`, same tracebacks, same exit statuses.
 * (wasi-libc's constructors run again on `_start`, so the run's own
 * preopened directories and environment are the ones it sees.)
 */

#include "Python.h"
#include "pycore_initconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int judge_started = 0;

static void judge_fail(const char *what)
{
    fprintf(stderr, "judge snapshot: %s\n", what);
    if (PyErr_Occurred()) {
        PyErr_Print();
    }
    fflush(stderr);
    abort();
}

__attribute__((export_name("wizer.initialize")))
void judge_initialize(void)
{
    /* What to preload is the judge's to say, not the program's to see:
       os.environ is made from the C environment during the start. */
    const char *preload = getenv("JUDGE_PRELOAD");
    char *names = strdup(preload != NULL ? preload : "");
    unsetenv("JUDGE_PRELOAD");

    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    char *argv[] = {"python", NULL};
    PyStatus status = PyConfig_SetBytesArgv(&config, 1, argv);
    if (PyStatus_Exception(status)) {
        judge_fail("cannot set argv");
    }
    status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        judge_fail(status.err_msg ? status.err_msg : "cannot start the interpreter");
    }
    for (char *name = strtok(names, ","); name != NULL; name = strtok(NULL, ",")) {
        PyObject *module = PyImport_ImportModule(name);
        if (module == NULL) {
            judge_fail(name);
        }
        Py_DECREF(module);
    }
    free(names);
    /* In a namespace of its own: `__main__` stays as a fresh start leaves it. */
    PyObject *globals = PyDict_New();
    if (globals == NULL || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0) {
        judge_fail("cannot make a namespace");
    }
    PyObject *listed = PyRun_String(
        "import sys\n"
        "for name in sorted({n.partition('.')[0] for n in sys.modules}):\n"
        "    print(name)\n"
        "sys.stdout.flush()\n",
        Py_file_input, globals, globals);
    if (listed == NULL) {
        judge_fail("cannot list the modules");
    }
    Py_DECREF(listed);
    Py_DECREF(globals);
    judge_started = 1;
}

static wchar_t *judge_wcsdup(const wchar_t *text, const wchar_t *suffix)
{
    size_t length = wcslen(text), extra = wcslen(suffix);
    wchar_t *copy = PyMem_RawMalloc((length + extra + 1) * sizeof(wchar_t));
    if (copy != NULL) {
        memcpy(copy, text, length * sizeof(wchar_t));
        memcpy(copy + length, suffix, (extra + 1) * sizeof(wchar_t));
    }
    return copy;
}

/* This run's argv given to the started interpreter as Py_BytesMain's
 * argument parsing would have left it: `python SCRIPT ARGS...` runs SCRIPT
 * with sys.argv = [SCRIPT, ARGS...]; `python -c CODE ARGS...` runs CODE with
 * sys.argv = ['-c', ARGS...]. No other option is taken. */
static int judge_set_argv(int argc, char **argv)
{
    PyConfig *config = (PyConfig *)_PyInterpreterState_GetConfig(PyInterpreterState_Main());
    PyWideStringList orig = {0, NULL};
    for (int i = 0; i < argc; i++) {
        wchar_t *arg = Py_DecodeLocale(argv[i], NULL);
        if (arg == NULL || PyStatus_Exception(PyWideStringList_Append(&orig, arg))) {
            return -1;
        }
        PyMem_RawFree(arg);
    }
    int command = wcscmp(orig.items[1], L"-c") == 0;
    if (command && argc < 3) {
        fprintf(stderr, "Argument expected for the -c option\n");
        return 2;
    }
    if (!command && orig.items[1][0] == L'-') {
        fprintf(stderr, "python (snapshot): only SCRIPT or -c CODE is taken\n");
        return 2;
    }
    /* -c's argv is '-c' and what follows CODE. */
    PyWideStringList args = command
        ? (PyWideStringList){orig.length - 2, orig.items + 2}
        : (PyWideStringList){orig.length - 1, orig.items + 1};
    _PyWideStringList_Clear(&config->argv);
    _PyWideStringList_Clear(&config->orig_argv);
    if (_PyWideStringList_Copy(&config->argv, &args) < 0
        || _PyWideStringList_Copy(&config->orig_argv, &orig) < 0) {
        return -1;
    }
    if (command) {
        PyMem_RawFree(config->argv.items[0]);
        config->argv.items[0] = judge_wcsdup(L"-c", L"");
        config->run_command = judge_wcsdup(orig.items[2], L"\n");
    } else {
        config->run_filename = judge_wcsdup(orig.items[1], L"");
    }
    _PyWideStringList_Clear(&orig);
    if (config->argv.items[0] == NULL || (config->run_command == NULL && config->run_filename == NULL)) {
        return -1;
    }
    PyObject *sys_argv = _PyWideStringList_AsList(&config->argv);
    PyObject *sys_orig_argv = _PyWideStringList_AsList(&config->orig_argv);
    int failed = sys_argv == NULL || sys_orig_argv == NULL
        || PySys_SetObject("argv", sys_argv) < 0
        || PySys_SetObject("orig_argv", sys_orig_argv) < 0;
    Py_XDECREF(sys_argv);
    Py_XDECREF(sys_orig_argv);
    return failed ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (!judge_started) {
        return Py_BytesMain(argc, argv);
    }
    if (argc < 2) {
        fprintf(stderr, "python (snapshot): a script or -c CODE is required\n");
        return 2;
    }
    int set = judge_set_argv(argc, argv);
    if (set != 0) {
        if (set < 0) {
            fprintf(stderr, "python (snapshot): cannot set argv\n");
        }
        return set < 0 ? 1 : set;
    }
    return Py_RunMain();
}
