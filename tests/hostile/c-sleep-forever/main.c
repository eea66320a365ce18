#include <unistd.h>
int main(void) { sleep(100000); return 0; }
