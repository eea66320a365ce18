// POSIX signals: no such thing in WebAssembly (WASI).
#include <signal.h>
#include <unistd.h>

static void on_alarm(int sig) { (void)sig; _exit(1); }

int main(void) {
    signal(SIGALRM, on_alarm);
    alarm(1);
    return 0;
}
