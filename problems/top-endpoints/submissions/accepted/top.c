// Sort the (method, path without query) pairs to count endpoints, then rank by count.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *method, *path;
    int count;
} Endpoint;

static int by_endpoint(const void *a, const void *b) {
    const Endpoint *x = a, *y = b;
    int c = strcmp(x->method, y->method); /* strcmp compares bytes as unsigned char */
    return c ? c : strcmp(x->path, y->path);
}

static int by_rank(const void *a, const void *b) {
    const Endpoint *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return by_endpoint(a, b);
}

static char *read_all(void) {
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
        len += got;
        if (cap - len - 1 == 0) buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    return buf;
}

int main(void) {
    static char out_buffer[1 << 16];
    setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    const char *ws = " \t\r\n";
    char *input = read_all();
    int n = atoi(strtok(input, ws));
    int k = atoi(strtok(NULL, ws));
    Endpoint *entries = malloc(n * sizeof *entries);
    for (int i = 0; i < n; i++) {
        entries[i].method = strtok(NULL, ws);
        char *path = strtok(NULL, ws);
        strtok(NULL, ws); /* status */
        path[strcspn(path, "?")] = '\0';
        entries[i].path = path;
        entries[i].count = 1;
    }
    /* Equal endpoints become adjacent: fold each run into one counted entry. */
    qsort(entries, n, sizeof *entries, by_endpoint);
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && by_endpoint(&entries[m - 1], &entries[i]) == 0) entries[m - 1].count++;
        else entries[m++] = entries[i];
    }
    qsort(entries, m, sizeof *entries, by_rank);
    for (int i = 0; i < m && i < k; i++) printf("%s %s %d\n", entries[i].method, entries[i].path, entries[i].count);
    return 0;
}
