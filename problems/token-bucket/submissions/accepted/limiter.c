// Milli-tokens in 64-bit integers: refill is exact, no floating point.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { long long milli, last; } Bucket;

/* Open addressing: a power of two above twice the 2*10^5 possible users. */
#define SLOTS (1 << 19)
static struct { const char *name; Bucket bucket; } users[SLOTS];

static Bucket *find_or_add(const char *u, Bucket fresh) {
    unsigned h = 2166136261u; /* FNV-1a */
    for (const char *s = u; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    for (unsigned i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        if (!users[i].name) {
            users[i].name = u; /* points into the input, which lives to the end */
            users[i].bucket = fresh;
            return &users[i].bucket;
        }
        if (strcmp(users[i].name, u) == 0) return &users[i].bucket;
    }
}

static void refill(Bucket *b, long long t, long long cap, long long rate) {
    /* At most 10^12 ms times 10^6 per second: below 2^63. */
    long long milli = b->milli + (t - b->last) * rate;
    b->milli = milli < cap * 1000 ? milli : cap * 1000;
    b->last = t;
}

static long long retry_after(long long have, long long rate) {
    long long need = have < 1000 ? 1000 - have : 0;
    return (need + rate - 1) / rate;
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
    long long c = strtoll(strtok(input, ws), NULL, 10);
    long long r = strtoll(strtok(NULL, ws), NULL, 10);
    long long g = strtoll(strtok(NULL, ws), NULL, 10);
    long long q = strtoll(strtok(NULL, ws), NULL, 10);
    int n = atoi(strtok(NULL, ws));
    Bucket global = {g * 1000, 0};
    for (int i = 0; i < n; i++) {
        long long t = strtoll(strtok(NULL, ws), NULL, 10);
        const char *u = strtok(NULL, ws);
        Bucket *b = find_or_add(u, (Bucket){c * 1000, t});
        refill(b, t, c, r);
        refill(&global, t, g, q);
        if (b->milli >= 1000 && global.milli >= 1000) {
            b->milli -= 1000;
            global.milli -= 1000;
            fputs("ALLOW\n", stdout);
        } else {
            long long wu = retry_after(b->milli, r), wg = retry_after(global.milli, q);
            printf("DENY %lld\n", wu > wg ? wu : wg);
        }
    }
    return 0;
}
