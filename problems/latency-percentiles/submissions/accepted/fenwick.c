// A Fenwick tree over latency values; the k-th smallest by binary lifting.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXV (1 << 20) /* above 10^6 */
static int tree[MAXV + 1];

static void add(int i) {
    for (; i <= MAXV; i += i & -i) tree[i]++;
}

static int kth(int k) { /* smallest value with at least k recorded at or below it */
    int pos = 0;
    for (int step = MAXV; step; step >>= 1)
        if (pos + step <= MAXV && tree[pos + step] < k) pos += step, k -= tree[pos];
    return pos + 1;
}

static int rank_of(int p, int count) { return (int)(((long long)p * count + 99) / 100); }

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
    int count = 0;
    for (int i = 0; i < n; i++) {
        const char *op = strtok(NULL, ws);
        if (op[0] == 'R') {
            add(atoi(strtok(NULL, ws)));
            count++;
        } else if (count == 0) {
            puts("- - -");
        } else {
            printf("%d %d %d\n", kth(rank_of(50, count)), kth(rank_of(95, count)), kth(rank_of(99, count)));
        }
    }
    return 0;
}
