#include <stdio.h>
int main(void) { FILE *f = fopen("/tmp/judge-hostile-written", "w"); if (!f) { puts("refused"); return 0; } fputs("escaped", f); fclose(f); puts("wrote"); return 0; }
