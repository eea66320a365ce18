#include <stdio.h>
int main(void) { FILE *f = fopen("/etc/passwd", "r"); if (!f) { puts("refused"); return 0; } char b[100]; size_t n = fread(b, 1, 99, f); fwrite(b, 1, n, stdout); return 0; }
